import { Composer, type Middleware } from 'grammy';
import { answerEverywhere } from '../access/answer-everywhere';
import { replyToStranger } from '../access/stranger-replies';
import type { BotId } from '../bots';
import { enqueueEvent } from '../events/outbox';
import { makeIdempotencyKey } from '../idempotency';
import type { PipelineContext } from '../pipeline/pipeline-context';
import { type LaunchRefusal, redeemLaunchToken } from './launch-tokens';

/** What a launch link refusal says, in the bot's language. */
export const launchRefusalText: Record<LaunchRefusal, string> = {
  unknown: 'Ссылка не распознана. Откройте инструмент заново из карточки кейса в PsycheOS Pro.',
  wrong_bot: 'Эта ссылка для другого бота PsycheOS. Откройте её из карточки кейса заново.',
  used: 'Эта ссылка уже использована. Откройте инструмент заново из карточки кейса в PsycheOS Pro.',
  expired:
    'Срок действия ссылки истёк. Откройте инструмент заново из карточки кейса в PsycheOS Pro.',
  not_yours: 'Эта ссылка создана для другого специалиста.',
  specialist_inactive: 'Доступ к PsycheOS Pro для этого аккаунта закрыт.',
  case_archived: 'Кейс в архиве. Восстановите его в PsycheOS Pro, чтобы открыть инструмент.',
};

const SESSION_STATE = 'tool_session';

export interface ToolBotOptions {
  botId: BotId;
  title: string;
  /** The service's STRANGER_REPLY_INTERVAL_MINUTES. */
  strangerReplyIntervalMinutes: number;
}

/**
 * The part every AI tool bot shares: opened for one case by a single-use link from the
 * pro bot, bound to that case in bot_chat_state, closed with /finish, which tells pro.
 * Only registered specialists are served; who the sender is, and whether they are
 * blocked, is read again on every update.
 */
export function createToolBot(options: ToolBotOptions): Composer<PipelineContext> {
  const { botId, title } = options;
  const texts = {
    launchFromPro: `${title} открывается из PsycheOS Pro: откройте карточку кейса, «🧰 Инструменты» → «${title}».`,
    opened: (label: string) =>
      `${title} открыт для кейса «${label}». Работа с ИИ появится в следующем обновлении.\n\n/finish — завершить сессию.`,
    inSession: `Сессия открыта. Работа с ИИ появится в следующем обновлении. /finish — завершить сессию.`,
    finished: 'Сессия завершена. Специалист получит уведомление в PsycheOS Pro.',
    noSession: 'Сессия не открыта.',
    blocked:
      'Ваш доступ к PsycheOS заблокирован администратором, поэтому сессия закрыта. Если это ошибка, свяжитесь с администратором.',
  };
  const bot = new Composer<PipelineContext>();
  bot.use(servesActiveSpecialists(texts, options.strangerReplyIntervalMinutes));
  const privateChats = bot.chatType('private');

  privateChats.command('start', async (ctx) => {
    const token = ctx.match.trim();
    if (!token) {
      await ctx.reply(texts.launchFromPro);
      return;
    }
    const result = await redeemLaunchToken(ctx.db, botId, token, ctx.from.id);
    if (!result.ok) {
      await ctx.reply(launchRefusalText[result.reason]);
      return;
    }
    const { launch } = result;
    await ctx.saveChatState({
      state: SESSION_STATE,
      statePayload: { specialistUserId: launch.specialistUserId },
      contextId: launch.contextId,
      role: 'specialist',
    });
    await enqueueEvent(
      ctx.db,
      'psycheos.tool.launched',
      { context_id: launch.contextId, specialist_user_id: launch.specialistUserId, bot_id: botId },
      makeIdempotencyKey({ scope: 'psycheos.tool.launched', serviceId: botId, runId: token }),
    );
    await ctx.reply(texts.opened(launch.clientRef));
  });

  privateChats.command('finish', async (ctx) => {
    const state = ctx.chatState;
    const specialistUserId = state?.state_payload.specialistUserId;
    if (
      state?.state !== SESSION_STATE ||
      !state.context_id ||
      typeof specialistUserId !== 'string'
    ) {
      await ctx.reply(texts.noSession);
      return;
    }
    await enqueueEvent(
      ctx.db,
      'psycheos.tool.session.finished',
      { context_id: state.context_id, specialist_user_id: specialistUserId, bot_id: botId },
      makeIdempotencyKey({
        scope: 'psycheos.tool.session.finished',
        serviceId: botId,
        runId: String(ctx.update.update_id),
      }),
    );
    await ctx.saveChatState({ state: 'idle', statePayload: {}, contextId: null });
    await ctx.reply(texts.finished);
  });

  privateChats.on('message', (ctx) =>
    ctx.reply(ctx.chatState?.state === SESSION_STATE ? texts.inSession : texts.launchFromPro),
  );
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery());
  return bot;
}

/**
 * The gate before every tool handler, from the sender's users row as this update read it:
 * a stranger (no specialist account) is sent to the pro bot once per period; a blocked
 * specialist's session ends, whatever state the block left it in, and they are told why.
 */
function servesActiveSpecialists(
  texts: { launchFromPro: string; blocked: string },
  strangerReplyIntervalMinutes: number,
): Middleware<PipelineContext> {
  return async (ctx, next) => {
    if (ctx.chat?.type !== 'private') {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
      return;
    }
    const sender = ctx.sender;
    if (sender?.role !== 'specialist') {
      await replyToStranger(ctx, texts.launchFromPro, strangerReplyIntervalMinutes);
      return;
    }
    if (sender.status === 'blocked') {
      if (ctx.chatState?.context_id || ctx.chatState?.state === SESSION_STATE) {
        await ctx.saveChatState({ state: 'idle', statePayload: {}, contextId: null });
      }
      await answerEverywhere(ctx, texts.blocked);
      return;
    }
    await next();
  };
}
