import type { Database } from '@psycheos/db';
import type { Logger } from '@psycheos/platform';
import { type Kysely, sql } from 'kysely';
import { LookSchedule } from './look-schedule';
import type { NatsLink } from './nats-link';
import { onOutboxWrite } from './outbox-signal';
import { eraseRequestedEvents } from './stream-erasure';

const BATCH_SIZE = 100;
/**
 * The slow poll: an event this process did not write (another replica died between its
 * commit and its relay's look, a command-line tool wrote it) or one written while NATS was
 * down is published at most this long after it can be, by any service's relay.
 */
const SLOW_POLL_MS = 5_000;
const PUBLISH_TIMEOUT_MS = 5_000;
/**
 * Erasures (account deletions) are rare and not urgent (the stream would keep the events for
 * days): looked for every half minute, not on every look.
 */
const ERASE_POLL_MS = 30_000;
/**
 * After a deletion in this process asked for an erasure (requestStreamErasure), the looks
 * of this long erase too: the request is written inside the deletion's transaction, so the
 * first looks may come before its commit.
 */
const ERASE_SOON_MS = 5_000;
/**
 * The least time between two looks while events keep being written: under load each then
 * publishes a batch, rather than one transaction of its own per event.
 */
const LOOK_GAP_MS = 20;

/**
 * Moves outbox rows to JetStream. Every service runs one; `for update skip locked`
 * lets relays of several services and replicas share the work without taking the same
 * row. Each message carries Nats-Msg-Id = the event's idempotency key, so a row published
 * twice (a crash between publish and the mark) is dropped by JetStream as a duplicate.
 * The row keeps the message's stream sequence number, so deleting an account can erase
 * the events about it from the stream; the relay does that too (stream-erasure.ts).
 *
 * It looks when enqueueEvent in this process wrote a row (outbox-signal.ts), so an event
 * leaves within moments of its commit, and otherwise only every SLOW_POLL_MS.
 */
export class OutboxRelay {
  readonly #schedule: LookSchedule;
  #stopListening: (() => void) | undefined;
  #running: Promise<void> | undefined;
  #lookAgain = false;
  #gapTimer: NodeJS.Timeout | undefined;
  #stopped = false;
  #lastErase = 0;
  /** Until when each look also erases: a deletion asked, and its rows commit within it. */
  #eraseUntil = 0;

  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      nats: NatsLink;
      logger: Logger;
      /** SLOW_POLL_MS unless a test says otherwise. */
      slowPollMs?: number;
    },
  ) {
    this.#schedule = new LookSchedule({
      look: () => this.#look(),
      slowMs: deps.slowPollMs ?? SLOW_POLL_MS,
    });
  }

  start(): void {
    this.#stopListening = onOutboxWrite((write) => {
      if (write === 'erasure') this.#eraseUntil = Date.now() + ERASE_SOON_MS;
      this.#schedule.written();
    });
    this.#schedule.start();
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
    const now = Date.now();
    if (now < this.#eraseUntil || now - this.#lastErase >= ERASE_POLL_MS) await this.eraseOnce();
    return published;
  }

  /** Runs until a batch comes back short; a look asked for meanwhile runs once more after. */
  #look(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#lookAgain = true;
      return;
    }
    this.#lookAgain = false;
    this.#running = this.#drain().finally(() => {
      if (this.#lookAgain && !this.#stopped) {
        this.#gapTimer = setTimeout(() => {
          this.#running = undefined;
          this.#look();
        }, LOOK_GAP_MS);
      } else {
        this.#running = undefined;
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      while (!this.#stopped && (await this.#relayAndErase()) === BATCH_SIZE) {}
    } catch (error) {
      // The rows stay in the outbox: the next look or the slow poll tries again.
      this.deps.logger.warn({ err: error }, 'outbox relay failed; retrying');
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stopListening?.();
    this.#schedule.stop();
    clearTimeout(this.#gapTimer);
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
