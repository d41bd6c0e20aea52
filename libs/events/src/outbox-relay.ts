import type { Database } from '@psycheos/db';
import type { Logger } from '@psycheos/platform';
import { type Kysely, sql } from 'kysely';
import type { NatsLink } from './nats-link';
import { eraseRequestedEvents } from './stream-erasure';

const BATCH_SIZE = 100;
const IDLE_POLL_MS = 200;
const PUBLISH_TIMEOUT_MS = 5_000;
/** Erasures (account deletions) are rare: looked for now and then, not on every poll. */
const ERASE_POLL_MS = 2_000;

/**
 * Moves outbox rows to JetStream. Every service runs one; `for update skip locked`
 * lets relays of several services and replicas share the work without taking the same
 * row. Each message carries Nats-Msg-Id = the event's idempotency key, so a row published
 * twice (a crash between publish and the mark) is dropped by JetStream as a duplicate.
 * The row keeps the message's stream sequence number, so deleting an account can erase
 * the events about it from the stream; the relay does that too (stream-erasure.ts).
 */
export class OutboxRelay {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  #lastErase = 0;

  constructor(private readonly deps: { db: Kysely<Database>; nats: NatsLink; logger: Logger }) {}

  start(): void {
    this.#schedule(0);
  }

  /** Publishes what is pending now; returns how many rows were published. */
  async relayOnce(): Promise<number> {
    const js = this.deps.nats.jetstream();
    if (!js) return 0;
    return this.deps.db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('event_outbox')
        .select(['event_id', 'subject', 'payload', 'idempotency_key'])
        .where('published_at', 'is', null)
        .orderBy('created_at')
        .limit(BATCH_SIZE)
        .forUpdate()
        .skipLocked()
        .execute();
      const published: string[] = [];
      const sequences: number[] = [];
      try {
        for (const row of rows) {
          // A duplicate's ack carries the sequence of the message JetStream kept.
          const ack = await js.publish(
            this.deps.nats.wireSubject(row.subject),
            JSON.stringify(row.payload),
            { msgID: row.idempotency_key, timeout: PUBLISH_TIMEOUT_MS },
          );
          published.push(row.event_id);
          sequences.push(ack.seq);
        }
      } catch (error) {
        this.deps.logger.warn(
          { err: error, pending: rows.length - published.length },
          'publishing events failed; will retry',
        );
        const failed = rows[published.length];
        if (failed) {
          await tx
            .updateTable('event_outbox')
            .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
            .where('event_id', '=', failed.event_id)
            .execute();
        }
      }
      if (published.length > 0) {
        await sql`
          update event_outbox set published_at = now(), stream_seq = sent.seq
          from unnest(${published}::uuid[], ${sequences}::bigint[]) as sent(event_id, seq)
          where event_outbox.event_id = sent.event_id
        `.execute(tx);
      }
      return published.length;
    });
  }

  /** Erases from the stream what account deletions asked to erase; returns how many. */
  eraseOnce(): Promise<number> {
    this.#lastErase = Date.now();
    return eraseRequestedEvents(this.deps);
  }

  async #relayAndErase(): Promise<number> {
    const published = await this.relayOnce();
    if (Date.now() - this.#lastErase >= ERASE_POLL_MS) await this.eraseOnce();
    return published;
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.#relayAndErase().then(
        (count) => this.#schedule(count === BATCH_SIZE ? 0 : IDLE_POLL_MS),
        (error: unknown) => {
          this.deps.logger.warn({ err: error }, 'outbox relay failed; retrying');
          this.#schedule(IDLE_POLL_MS * 5);
        },
      );
    }, delayMs);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }
}

/** Events written but not yet handed to NATS: the figure /health shows. */
export async function outboxBacklog(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('event_outbox')
    .select(sql<number>`count(*)::int`.as('pending'))
    .where('published_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.pending;
}
