import type { PipelineContext } from '@psycheos/shared';
import { Composer } from 'grammy';
import { recentlyAlertedForText } from '../data/crisis-alerts';
import { texts } from '../texts';
import { answerPerson } from './answer-person';
import { alertSpecialist, sendCrisisResources } from './crisis';
import { currentOpenSession } from './invite';
import type { ScreenBotDeps } from './screen-context';
import { showSession } from './session-flow';

/** A client's repeated crisis messages alert their specialist once in this time. */
const FREE_TEXT_ALERT_INTERVAL_MINUTES = 10;

/**
 * Whatever a person writes. Crisis language, at any point (before consent, mid-session,
 * after it), gets the crisis resources at once and, for a client of a case, an urgent
 * alert to the specialist; the words themselves are neither stored nor logged. Anything
 * else brings back the session where it stands, or says what to do.
 */
export function messages(deps: ScreenBotDeps): Composer<PipelineContext> {
  const composer = new Composer<PipelineContext>();
  composer.chatType('private').on('message', async (ctx) => {
    const words = ctx.message.text ?? ctx.message.caption;
    const open = await currentOpenSession(ctx);
    if (words !== undefined && deps.crisisLanguage.isCrisis(words)) {
      await answerCrisis(ctx, deps);
      if (open) await showSession(ctx, deps, open, texts.continueWhenReady);
      return;
    }
    if (open) {
      await showSession(
        ctx,
        deps,
        open,
        open.status === 'in_progress' ? texts.chooseWithButtons : undefined,
      );
      return;
    }
    await answerPerson(
      ctx,
      ctx.chatState?.context_id ? texts.waiting : texts.start,
      deps.strangerReplyIntervalMinutes,
    );
  });
  composer.on('callback_query', (ctx) => ctx.answerCallbackQuery());
  return composer;
}

async function answerCrisis(ctx: PipelineContext, deps: ScreenBotDeps): Promise<void> {
  const contextId = ctx.chatState?.context_id ?? null;
  if (!ctx.sender || !contextId) {
    // Someone with no case: no specialist to alert, but never left without the numbers.
    await ctx.reply(deps.crisisResources);
    return;
  }
  await sendCrisisResources(ctx, deps.crisisResources);
  const alertedLately = await recentlyAlertedForText(
    ctx.db,
    contextId,
    ctx.sender.user_id,
    FREE_TEXT_ALERT_INTERVAL_MINUTES,
  );
  if (alertedLately) return;
  const sessionId = ctx.chatState?.state_payload.sessionId;
  await alertSpecialist(ctx, {
    contextId,
    clientUserId: ctx.sender.user_id,
    sessionId: typeof sessionId === 'string' ? sessionId : null,
    trigger: 'free_text',
    reason: texts.alertFreeTextReason,
  });
}
