import {
  enqueueEvent,
  type LaunchRefusal,
  makeIdempotencyKey,
  type PipelineContext,
  redeemLaunchToken,
  replyToStranger,
} from '@psycheos/shared';
import { Composer } from 'grammy';
import { linkClientToCase } from '../data/clients';
import { texts } from '../texts';

const refusal: Record<LaunchRefusal, string> = {
  unknown: texts.inviteUnknown,
  wrong_bot: texts.inviteUnknown,
  used: texts.inviteUsed,
  expired: texts.inviteExpired,
  not_yours: texts.inviteUnknown,
  specialist_inactive: texts.inviteClosed,
  case_archived: texts.inviteClosed,
};

export interface ScreenBotOptions {
  /** The service's STRANGER_REPLY_INTERVAL_MINUTES. */
  strangerReplyIntervalMinutes: number;
}

/**
 * The client's bot. A specialist's screening invite (a launch token for "screen")
 * registers the client and links them to the case; the questionnaires come later.
 * Someone who never opened an invite is a stranger here: answered once per period.
 */
export function createScreenBot(options: ScreenBotOptions): Composer<PipelineContext> {
  const bot = new Composer<PipelineContext>();
  const privateChats = bot.chatType('private');
  const answer = (ctx: PipelineContext, text: string) =>
    isClient(ctx)
      ? ctx.reply(text)
      : replyToStranger(ctx, text, options.strangerReplyIntervalMinutes);

  privateChats.command('start', async (ctx) => {
    const token = ctx.match.trim();
    if (!token) {
      await answer(ctx, ctx.chatState?.context_id ? texts.alreadyLinked : texts.start);
      return;
    }
    const result = await redeemLaunchToken(ctx.db, 'screen', token, null);
    if (!result.ok) {
      await answer(ctx, refusal[result.reason]);
      return;
    }
    const { launch } = result;
    await linkClientToCase(ctx.db, ctx.from.id, launch.contextId);
    await ctx.saveChatState({ state: 'linked', contextId: launch.contextId, role: 'client' });
    await enqueueEvent(
      ctx.db,
      'psycheos.client.linked',
      { context_id: launch.contextId, specialist_user_id: launch.specialistUserId },
      makeIdempotencyKey({ scope: 'psycheos.client.linked', serviceId: 'screen', runId: token }),
    );
    await ctx.reply(texts.linked);
  });

  privateChats.on('message', (ctx) =>
    answer(ctx, ctx.chatState?.context_id ? texts.waiting : texts.start),
  );
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery());
  return bot;
}

/** Someone a screening invite registered, or whose chat is bound to a case. */
const isClient = (ctx: PipelineContext) =>
  ctx.sender?.role === 'client' || Boolean(ctx.chatState?.context_id);
