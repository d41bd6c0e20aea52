import type { Database } from '@psycheos/db';
import type { Logger } from '@psycheos/platform';
import { type Kysely, sql } from 'kysely';
import type { NatsLink } from './nats-link';
import { parkedEventKey } from './parked-events-identity';

export interface ParkedEvent {
  consumer: string;
  stream_seq: number;
  subject: string;
  reason: string;
  parked_at: Date;
  event_key: string | null;
  times_parked: number;
}

/** Every column of parked_events, named: a prepared `select *` goes stale when a column is added. */
export const PARKED_EVENT_COLUMNS = [
  'consumer',
  'stream_seq',
  'subject',
  'reason',
  'parked_at',
  'event_key',
  'times_parked',
] as const;

/** What parking needs of a JetStream message (a JsMsg has it). */
export interface ParkableMessage {
  seq: number;
  subject: string;
  data: Uint8Array;
}

/**
 * Parks a message's event for a consumer, once however often it arrives: the key
 * (parked-events-identity.ts) makes a redelivery, a replay or a second publish of it the
 * same row. Parking it again points the row at the newest message, the one a replay can
 * read longest, keeps the latest reason and counts. Returns how many times it has been parked.
 */
export function parkEvent(
  db: Kysely<Database>,
  consumer: string,
  message: ParkableMessage,
  reason: string,
): Promise<number> {
  const row = {
    consumer,
    stream_seq: message.seq,
    subject: message.subject,
    reason,
    event_key: parkedEventKey(message.data),
  };
  return db.transaction().execute(async (tx) => {
    // A release before the key parked this very message without one: this row replaces it.
    await tx
      .deleteFrom('parked_events')
      .where('consumer', '=', consumer)
      .where('stream_seq', '=', message.seq)
      .where('event_key', 'is', null)
      .execute();
    const parked = await tx
      .insertInto('parked_events')
      .values(row)
      .onConflict((conflict) =>
        conflict.columns(['consumer', 'event_key']).doUpdateSet((eb) => ({
          // The newest message lives longest in the stream; a late redelivery of an older one
          // must not point the row back at it.
          stream_seq: sql<number>`greatest(parked_events.stream_seq, excluded.stream_seq)`,
          subject: eb.ref('excluded.subject'),
          reason: eb.ref('excluded.reason'),
          times_parked: eb('parked_events.times_parked', '+', 1),
        })),
      )
      .returning('times_parked')
      .executeTakeFirstOrThrow();
    return parked.times_parked;
  });
}

/** The LIKE pattern for consumers whose durable name starts with `prefix`, taken literally. */
export function consumersStartingWith(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
}

/**
 * The events a consumer gave up on (event-consumer.ts parks them), oldest first. A consumer's
 * durable name starts with its service's bot id (`pro-client-links`), so `consumerPrefix`
 * `pro-` picks one service's.
 */
export function listParkedEvents(
  db: Kysely<Database>,
  consumerPrefix = '',
): Promise<ParkedEvent[]> {
  return db
    .selectFrom('parked_events')
    .select(PARKED_EVENT_COLUMNS)
    .where('consumer', 'like', consumersStartingWith(consumerPrefix))
    .orderBy('parked_at')
    .orderBy('stream_seq')
    .execute();
}

export interface ReplayResult {
  replayed: number;
  /** Parked longer than the stream keeps events (7 days): nothing left to replay. */
  gone: number;
}

/**
 * Hands parked events to their consumers again, once the cause is fixed (a bug deployed
 * away, a row restored). Each stream message is read back by its sequence and published
 * once more under a new message id, once however many consumers parked it: every consumer
 * of its subject receives it, and those that handled it before skip it (event_inbox), so
 * only those that parked it act. One that fails again is parked again under the same key,
 * still one row. Its parked row goes either way, unless its consumer has parked the new
 * message already (the row then points at it); one too old for the stream is logged and
 * dropped.
 */
export async function replayParkedEvents(deps: {
  db: Kysely<Database>;
  nats: NatsLink;
  logger: Logger;
  consumerPrefix?: string;
}): Promise<ReplayResult> {
  await deps.nats.ready();
  const connection = deps.nats.connection();
  const js = deps.nats.jetstream();
  if (!connection || !js) throw new Error('NATS is not connected');
  const manager = await connection.jetstreamManager();
  const result: ReplayResult = { replayed: 0, gone: 0 };
  const stillInStream = new Map<number, boolean>();
  for (const parked of await listParkedEvents(deps.db, deps.consumerPrefix)) {
    const log = deps.logger.child({ consumer: parked.consumer, stream_seq: parked.stream_seq });
    let found = stillInStream.get(parked.stream_seq);
    if (found === undefined) {
      const stored = await manager.streams
        .getMessage(deps.nats.streamName, { seq: parked.stream_seq })
        .catch(() => null);
      if (stored) {
        await js.publish(stored.subject, stored.data, {
          msgID: `replay:${parked.stream_seq}:${Date.now()}`,
        });
      }
      found = stored !== null;
      stillInStream.set(parked.stream_seq, found);
    }
    if (found) {
      result.replayed++;
      log.info({ subject: parked.subject }, 'parked event replayed');
    } else {
      result.gone++;
      log.warn(
        { subject: parked.subject, reason: parked.reason },
        'parked event no longer in the stream (older than its 7 days); dropped',
      );
    }
    await deps.db
      .deleteFrom('parked_events')
      .where('consumer', '=', parked.consumer)
      .where('stream_seq', '=', parked.stream_seq)
      .execute();
  }
  return result;
}
