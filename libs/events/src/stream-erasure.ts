import type { Database } from '@psycheos/db';
import type { Logger } from '@psycheos/platform';
import type { Kysely, Transaction } from 'kysely';
import type { JetStreamManager } from 'nats';
import type { NatsLink } from './nats-link';
import { signalOutboxWrite } from './outbox-signal';

const BATCH_SIZE = 100;
/** JetStream's error code for "no message found": already erased, or aged out. */
const NO_MESSAGE_FOUND = 10037;

/**
 * Asks for published events to be erased from the stream (a deletion's, in its transaction):
 * the relay in this process looks at once, any relay erases them within ERASE_POLL_MS.
 */
export async function requestStreamErasure(
  db: Kysely<Database> | Transaction<Database>,
  events: readonly { event_id: string; stream_seq: number }[],
): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('event_purges')
    .values(events.map((event) => ({ event_id: event.event_id, stream_seq: event.stream_seq })))
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  signalOutboxWrite('erasure');
}

/**
 * Erases from the JetStream stream the events a deletion asked to erase (event_purges,
 * written by /delete_me with the sequence numbers the relay recorded when it published
 * them), so the stream does not keep them for its 7 days. The rows wait while NATS is
 * down, as unpublished events do. `for update skip locked` lets every service's relay
 * share the work.
 *
 * Each message is read first and erased only if it is still that event: a stream lost
 * and made again numbers its messages from 1 anew, and its message with that number
 * would be someone else's event. JetStream overwrites an erased message on disk.
 */
export async function eraseRequestedEvents(deps: {
  db: Kysely<Database>;
  nats: NatsLink;
  logger: Logger;
}): Promise<number> {
  const connection = deps.nats.connected ? deps.nats.connection() : null;
  if (!connection) return 0;
  const stream = deps.nats.streamName;
  return deps.db.transaction().execute(async (tx) => {
    const requests = await tx
      .selectFrom('event_purges')
      .select(['event_id', 'stream_seq'])
      .orderBy('requested_at')
      .limit(BATCH_SIZE)
      .forUpdate()
      .skipLocked()
      .execute();
    // Nearly always nothing: NATS is asked only when there is something to erase.
    if (requests.length === 0) return 0;
    const erased: string[] = [];
    try {
      const manager = await connection.jetstreamManager();
      for (const request of requests) {
        if (await holdsEvent(manager, stream, request.stream_seq, request.event_id)) {
          await manager.streams.deleteMessage(stream, request.stream_seq, true);
        }
        erased.push(request.event_id);
      }
    } catch (error) {
      deps.logger.warn(
        { err: error, pending: requests.length - erased.length },
        'erasing deleted events from JetStream failed; will retry',
      );
    }
    if (erased.length > 0) {
      await tx.deleteFrom('event_purges').where('event_id', 'in', erased).execute();
    }
    return erased.length;
  });
}

async function holdsEvent(
  manager: JetStreamManager,
  stream: string,
  seq: number,
  eventId: string,
): Promise<boolean> {
  let data: string;
  try {
    data = (await manager.streams.getMessage(stream, { seq })).string();
  } catch (error) {
    if (isNoMessageFound(error)) return false;
    throw error;
  }
  try {
    return (JSON.parse(data) as { event_id?: unknown }).event_id === eventId;
  } catch {
    return false;
  }
}

const isNoMessageFound = (error: unknown) =>
  (error as { api_error?: { err_code?: number } }).api_error?.err_code === NO_MESSAGE_FOUND;
