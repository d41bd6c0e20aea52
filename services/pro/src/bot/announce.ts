import { type EventSubject, enqueueEvent } from '@psycheos/events';
import { makeIdempotencyKey } from '@psycheos/platform';
import type { ProContext } from './context';

type CaseSubject = Extract<
  EventSubject,
  | 'psycheos.case.created'
  | 'psycheos.case.renamed'
  | 'psycheos.case.archived'
  | 'psycheos.case.restored'
>;

/**
 * Tells the other bots about a change to a case, through the outbox, in the update's
 * transaction. Keyed by the update, so a redelivered update announces nothing twice.
 */
export function announceCase(
  ctx: ProContext,
  subject: CaseSubject,
  theCase: { context_id: string; specialist_user_id: string },
): Promise<void> {
  return enqueueEvent(
    ctx.db,
    subject,
    { context_id: theCase.context_id, specialist_user_id: theCase.specialist_user_id },
    makeIdempotencyKey({
      scope: subject,
      serviceId: 'pro',
      runId: String(ctx.update.update_id),
      contextId: theCase.context_id,
    }),
  );
}
