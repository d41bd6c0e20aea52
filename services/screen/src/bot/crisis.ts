import { enqueueUrgentReplies, type PipelineContext } from '@psycheos/bot-runtime';
import { crisisAlertCallback } from '@psycheos/screening';
import { recordAlert, setAlertReply } from '../data/crisis-alerts';
import { caseSpecialist } from '../data/sessions';
import { texts } from '../texts';
import { callbackData } from './callback-data';

/**
 * The crisis protocol's two messages. Both are urgent rows of the reply outbox, written in
 * the transaction that records the answer or reads the message: no NATS, no event relay,
 * ahead of whatever else the bots have queued, and never expired. pro's reply sender finds
 * the alert within its poll (250 ms) and sends it first; one it cannot deliver is
 * escalated to the admins by pro (services/pro/src/crisis/alert-escalation.ts).
 */

export interface CrisisResourcesOptions {
  /** Said only when it is true: the client's specialist was alerted (now or minutes ago). */
  isSpecialistAlerted: boolean;
  /** A questionnaire in progress: offer to continue it now or later, rather than re-post it. */
  pausedSessionId?: string;
}

/** Crisis resources to anyone who needs them, at once, with one safety step. */
export async function sendCrisisResources(
  ctx: PipelineContext,
  crisisResources: string,
  options: CrisisResourcesOptions,
): Promise<void> {
  const chatId = ctx.chatId as number;
  const text = [
    crisisResources,
    texts.safetyStep,
    ...(options.isSpecialistAlerted ? [texts.specialistAlerted] : []),
  ].join('\n\n');
  const sessionId = options.pausedSessionId;
  const replyMarkup = sessionId
    ? {
        inline_keyboard: [
          [
            {
              text: texts.continueLater,
              callback_data: callbackData.crisisTurn(sessionId, 'later'),
            },
            { text: texts.continueNow, callback_data: callbackData.crisisTurn(sessionId, 'now') },
          ],
        ],
      }
    : undefined;
  await enqueueUrgentReplies(ctx.db, {
    botId: 'screen',
    chatId,
    calls: [
      {
        method: 'sendMessage',
        payload: { chat_id: chatId, text, ...(replyMarkup && { reply_markup: replyMarkup }) },
      },
    ],
  });
}

/**
 * The urgent alert to the case's specialist, through pro, recorded in crisis_alerts (when,
 * case, trigger, the phrase entry that matched; delivery is settled by the reply outbox).
 * The specialist gets it whether or not their account is blocked: a client's safety does
 * not wait on access. False when there is no specialist to alert (the case is gone).
 */
export async function alertSpecialist(
  ctx: PipelineContext,
  alert: {
    contextId: string;
    clientUserId: string;
    sessionId: string | null;
    trigger: string;
    matched?: string;
    reason: string;
  },
): Promise<boolean> {
  const specialist = await caseSpecialist(ctx.db, alert.contextId);
  if (!specialist) return false;
  const recorded = await recordAlert(ctx.db, alert);
  const chatId = specialist.telegram_id;
  const [replyId] = await enqueueUrgentReplies(ctx.db, {
    botId: 'pro',
    chatId,
    calls: [
      {
        method: 'sendMessage',
        payload: {
          chat_id: chatId,
          text: texts.alert(specialist.client_ref, alert.reason, recorded.created_at),
          reply_markup: {
            inline_keyboard: [
              [
                {
                  text: texts.alertOpenCase,
                  callback_data: crisisAlertCallback.openCase(alert.contextId),
                },
                {
                  text: texts.alertAcknowledge,
                  callback_data: crisisAlertCallback.acknowledge(recorded.alert_id),
                },
              ],
            ],
          },
        },
      },
    ],
  });
  await setAlertReply(ctx.db, recorded.alert_id, replyId ?? null);
  // Ids only: never the client's words, never the case's label.
  ctx.log.warn(
    { context_id: alert.contextId, trigger: alert.trigger, matched: alert.matched },
    'crisis alert queued for the specialist',
  );
  return true;
}
