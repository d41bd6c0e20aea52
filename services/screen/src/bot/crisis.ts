import { enqueueUrgentReplies, type PipelineContext } from '@psycheos/shared';
import { recordAlert } from '../data/crisis-alerts';
import { caseSpecialist } from '../data/sessions';
import { texts } from '../texts';

/**
 * The crisis protocol's two messages. Both are urgent rows of the reply outbox, written in
 * the transaction that records the answer or reads the message: no NATS, no event relay,
 * and ahead of whatever else the bots have queued (the specialist's other replies
 * included). pro's reply sender finds the alert within its poll (250 ms) and sends it first.
 */

/** Crisis resources to the client, at once, before the questionnaire goes on. */
export async function sendCrisisResources(
  ctx: PipelineContext,
  crisisResources: string,
): Promise<void> {
  const chatId = ctx.chatId as number;
  await enqueueUrgentReplies(ctx.db, {
    botId: 'screen',
    chatId,
    calls: [{ method: 'sendMessage', payload: { chat_id: chatId, text: crisisResources } }],
  });
}

/**
 * The urgent alert to the case's specialist, through pro, recorded in crisis_alerts (when,
 * case, trigger; delivery is settled by the reply outbox). The specialist gets it whether
 * or not their account is blocked: a client's safety does not wait on access.
 */
export async function alertSpecialist(
  ctx: PipelineContext,
  alert: {
    contextId: string;
    clientUserId: string;
    sessionId: string | null;
    trigger: string;
    reason: string;
  },
): Promise<void> {
  const specialist = await caseSpecialist(ctx.db, alert.contextId);
  if (!specialist) return;
  const chatId = specialist.telegram_id;
  const [replyId] = await enqueueUrgentReplies(ctx.db, {
    botId: 'pro',
    chatId,
    calls: [
      {
        method: 'sendMessage',
        payload: { chat_id: chatId, text: texts.alert(specialist.client_ref, alert.reason) },
      },
    ],
  });
  await recordAlert(ctx.db, { ...alert, replyId: replyId ?? null });
  // Ids only: never the client's words, never the case's label.
  ctx.log.warn(
    { context_id: alert.contextId, trigger: alert.trigger },
    'crisis alert queued for the specialist',
  );
}
