import type { Database } from '@psycheos/db';
import type { Kysely, Transaction } from 'kysely';
import { type EventPayloads, type EventSubject, newEnvelope } from './catalogue';
import { signalOutboxWrite } from './outbox-signal';

/**
 * Records an event in the outbox, inside the caller's transaction: the event exists
 * exactly when the change that caused it commits. `idempotencyKey` is deterministic
 * for the cause (see makeIdempotencyKey), so re-running the same cause adds nothing,
 * and the relay hands it to JetStream as Nats-Msg-Id. This process's relay is told, so it
 * looks within moments of the commit rather than at its slow poll.
 */
export async function enqueueEvent<S extends EventSubject>(
  tx: Transaction<Database> | Kysely<Database>,
  subject: S,
  payload: EventPayloads[S],
  idempotencyKey: string,
): Promise<void> {
  const envelope = newEnvelope(subject, payload);
  await tx
    .insertInto('event_outbox')
    .values({
      event_id: envelope.event_id,
      subject,
      payload: JSON.stringify(envelope),
      idempotency_key: idempotencyKey,
    })
    .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
    .execute();
  signalOutboxWrite();
}
