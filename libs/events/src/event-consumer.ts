import type { Database } from '@psycheos/db';
import { isConnectionLoss, isTransientDatabaseError } from '@psycheos/db';
import type { ErrorReporter, Logger } from '@psycheos/platform';
import type { Kysely, Transaction } from 'kysely';
import { AckPolicy, DeliverPolicy, type JsMsg } from 'nats';
import { type EventEnvelope, type EventSubject, parseEvent } from './catalogue';
import type { NatsLink } from './nats-link';
import { parkEvent } from './parked-events';

export interface EventConsumerSpec {
  /**
   * The durable consumer's name: one per service that cares, shared by its replicas. It
   * starts with the service's bot id (`pro-client-links`): /health and the parked-events
   * commands find a service's parked events by it.
   */
  durable: string;
  subject: EventSubject;
  /** Runs in a transaction with the inbox row: handling an event twice changes nothing. */
  handle(tx: Transaction<Database>, event: EventEnvelope): Promise<void>;
  /** Deliveries before an event is parked instead of retried. */
  maxDeliver?: number;
}

const ACK_WAIT_NS = 30 * 1_000_000_000;
const RETRY_DELAY_MS = 1_000;
/**
 * Attempts at one delivery when the database fails in a way a retry can fix. More than a
 * pool's connections: after a migration each pooled connection may fail once on a
 * prepared statement gone stale (db/prepared-statements.ts) before a fresh one serves.
 */
const TRANSIENT_ATTEMPTS = 12;
const TRANSIENT_PAUSE_MS = 100;

/**
 * A durable JetStream consumer with explicit ack. A valid event is handled once
 * (event_inbox), then acked; a failing one is retried after a pause until maxDeliver,
 * then parked in parked_events and reported. An invalid event is parked at once. Parking
 * is once per event however often it arrives (a redelivery, a replay: parked-events.ts). A
 * database error a retry can fix (a dropped connection, a serialization failure, a stale
 * prepared statement) is retried within the delivery first, so it does not spend one.
 * Nothing here can crash the service: every failure ends in a log line.
 */
export class EventConsumer {
  #stopped = false;
  #messages: { stop(): void } | undefined;
  #loop: Promise<void> | undefined;

  constructor(
    private readonly spec: EventConsumerSpec,
    private readonly deps: {
      db: Kysely<Database>;
      nats: NatsLink;
      logger: Logger;
      errors: ErrorReporter;
    },
  ) {}

  get maxDeliver(): number {
    return this.spec.maxDeliver ?? 5;
  }

  start(): void {
    this.#loop = this.deps.nats.ready().then(() => this.#run());
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      try {
        await this.#consume();
      } catch (error) {
        if (this.#stopped) return;
        this.deps.logger.warn(
          { err: error, consumer: this.spec.durable },
          'event consumer interrupted; restarting',
        );
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    }
  }

  async #consume(): Promise<void> {
    const connection = this.deps.nats.connection();
    if (!connection) throw new Error('NATS is not connected');
    const manager = await connection.jetstreamManager();
    const stream = this.deps.nats.streamName;
    await manager.consumers
      .add(stream, {
        durable_name: this.spec.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: this.deps.nats.wireSubject(this.spec.subject),
        max_deliver: this.maxDeliver,
        ack_wait: ACK_WAIT_NS,
      })
      .catch(async (error: unknown) => {
        // It exists already (another replica made it): fine, as long as it is there.
        await manager.consumers.info(stream, this.spec.durable).catch(() => {
          throw error;
        });
      });
    const consumer = await connection.jetstream().consumers.get(stream, this.spec.durable);
    const messages = await consumer.consume({ max_messages: 20 });
    this.#messages = messages;
    if (this.#stopped) messages.stop();
    for await (const message of messages) await this.#process(message);
  }

  async #process(message: JsMsg): Promise<void> {
    const log = this.deps.logger.child({ consumer: this.spec.durable, stream_seq: message.seq });
    const parsed = parseEvent(message.data);
    if (!parsed.ok) {
      await this.#park(message, `invalid event: ${parsed.reason}`, log);
      return;
    }
    const event = parsed.event;
    try {
      await this.#handleRetryingTransient(event, message);
      message.ack();
    } catch (error) {
      if (message.info.redeliveryCount >= this.maxDeliver) {
        this.deps.errors.report(error, { consumer: this.spec.durable, event_id: event.event_id });
        await this.#park(message, 'failed on every delivery', log, error);
      } else {
        log.warn(
          { err: error, event_id: event.event_id, delivery: message.info.redeliveryCount },
          'event handling failed; will retry',
        );
        message.nak(RETRY_DELAY_MS * message.info.redeliveryCount);
      }
    }
  }

  async #handleRetryingTransient(event: EventEnvelope, message: JsMsg): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deps.db.transaction().execute(async (tx) => {
          const fresh = await tx
            .insertInto('event_inbox')
            .values({ consumer: this.spec.durable, event_id: event.event_id })
            .onConflict((conflict) => conflict.doNothing())
            .returning('event_id')
            .executeTakeFirst();
          if (fresh) await this.spec.handle(tx, event);
        });
        return;
      } catch (error) {
        const passing = isTransientDatabaseError(error) || isConnectionLoss(error);
        if (!passing || attempt >= TRANSIENT_ATTEMPTS || this.#stopped) throw error;
        message.working(); // still ours: JetStream must not hand it to another replica
        await new Promise((resolve) => setTimeout(resolve, TRANSIENT_PAUSE_MS * attempt));
      }
    }
  }

  async #park(message: JsMsg, reason: string, log: Logger, error?: unknown): Promise<void> {
    try {
      const timesParked = await parkEvent(this.deps.db, this.spec.durable, message, reason);
      log.error(
        { err: error, subject: message.subject, reason, times_parked: timesParked },
        'event parked',
      );
      // Without a reason: NATS 2.9 ignores `+TERM <reason>` (only 2.10 reads one) and
      // delivers the message again until max deliveries. The reason is in the row.
      message.term();
    } catch (parkError) {
      log.warn(
        { err: parkError, subject: message.subject, reason },
        'could not park the event; it will be delivered again',
      );
      message.nak(RETRY_DELAY_MS);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#messages?.stop();
    await this.#loop?.catch(() => {});
  }
}
