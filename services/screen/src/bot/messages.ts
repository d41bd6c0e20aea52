import type { PipelineContext } from '@psycheos/bot-runtime';
import type { CrisisPhrase } from '@psycheos/screening/crisis';
import { Composer } from 'grammy';
import { recentlyAlertedForText } from '../data/crisis-alerts';
import { texts } from '../texts';
import { answerPerson } from './answer-person';
import { alertSpecialist, sendCrisisResources } from './crisis';
import { currentOpenSession } from './invite';
import { currentSessionId, type ScreenBotDeps } from './screen-context';
import { showSession } from './session-flow';

/** A client's repeated crisis messages alert their specialist once in this time. */
const FREE_TEXT_ALERT_INTERVAL_MINUTES = 10;

/**
 * Whatever a person writes. Crisis language, at any point (before consent, mid-session,
 * after it), gets the crisis resources at once and, for a client of a case, an urgent
 * alert to the specialist; the words themselves are neither stored nor logged (only which
 * entry of the phrase list matched). Anything else brings back the session where it
 * stands (the specialist does not read this chat, and it says so), or says what to do.
 */
export function messages(deps: ScreenBotDeps): Composer<PipelineContext> {
  const composer = new Composer<PipelineContext>();
  composer.chatType('private').on('message', async (ctx) => {
    const words = ctx.message.text ?? ctx.message.caption;
    const open = await currentOpenSession(ctx);
    const phrase = words === undefined ? null : deps.crisisLanguage.findPhrase(words);
    if (phrase) {
      await answerCrisis(ctx, deps, phrase, open?.session_id);
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

/**
 * Crisis words: the resources to whoever wrote them, at once, and for a client of a case an
 * alert to their specialist (once in ten minutes). The resources say the specialist was
 * told only when they were; an open questionnaire waits for «Продолжить сейчас».
 */
async function answerCrisis(
  ctx: PipelineContext,
  deps: ScreenBotDeps,
  phrase: CrisisPhrase,
  openSessionId: string | undefined,
): Promise<void> {
  const isSpecialistAlerted = await alertForWords(ctx, phrase);
  await sendCrisisResources(ctx, deps.crisisResources, {
    isSpecialistAlerted,
    pausedSessionId: openSessionId,
  });
}

/** Whether the client's specialist knows: alerted now, or for words minutes ago. */
async function alertForWords(ctx: PipelineContext, phrase: CrisisPhrase): Promise<boolean> {
  const contextId = ctx.chatState?.context_id ?? null;
  // Someone with no case (a stranger, a client who declined or deleted their data).
  if (!ctx.sender || !contextId) return false;
  const alertedLately = await recentlyAlertedForText(
    ctx.db,
    contextId,
    ctx.sender.user_id,
    FREE_TEXT_ALERT_INTERVAL_MINUTES,
  );
  if (alertedLately) return true;
  return alertSpecialist(ctx, {
    contextId,
    clientUserId: ctx.sender.user_id,
    sessionId: currentSessionId(ctx),
    trigger: 'free_text',
    matched: phrase.id,
    reason: texts.alertFreeTextReason(phrase.label),
  });
}
