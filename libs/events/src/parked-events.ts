import type { Database } from '@psycheos/db';
import type { Logger } from '@psycheos/platform';
import type { Kysely } from 'kysely';
import type { NatsLink } from './nats-link';

export interface ParkedEvent {
  consumer: string;
  stream_seq: number;
  subject: string;
  reason: string;
  parked_at: Date;
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
    .selectAll()
    .where('consumer', 'like', `${consumerPrefix.replace(/[\\%_]/g, '\\$&')}%`)
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
 * away, a row restored). Each event is read back from the stream by its sequence and
 * published once more under a new message id: every consumer of its subject receives it,
 * and those that handled it before skip it (event_inbox), so only the one that parked it
 * acts. Its parked row goes either way; one too old for the stream is logged and dropped.
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
  for (const parked of await listParkedEvents(deps.db, deps.consumerPrefix)) {
    const log = deps.logger.child({ consumer: parked.consumer, stream_seq: parked.stream_seq });
    const stored = await manager.streams
      .getMessage(deps.nats.streamName, { seq: parked.stream_seq })
      .catch(() => null);
    if (stored) {
      await js.publish(stored.subject, stored.data, {
        msgID: `replay:${parked.consumer}:${parked.stream_seq}:${Date.now()}`,
      });
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
