import type { Logger } from '@psycheos/platform';
import {
  connect,
  type JetStreamClient,
  type NatsConnection,
  RetentionPolicy,
  StorageType,
} from 'nats';

export interface EventTransportOptions {
  url: string;
  /** The JetStream stream that keeps every event; tests use a stream of their own. */
  streamName?: string;
  /** Put before every subject on the wire; empty in production, unique per test. */
  subjectPrefix?: string;
  /** Copies of the stream kept by a NATS cluster; 1 on a single server. */
  replicas?: number;
  logger: Logger;
}

const RETRY_MS = 1_000;

/**
 * The service's link to NATS. It connects in the background and keeps trying, so a
 * service starts and serves Telegram while NATS is down; events wait in the outbox.
 * Once connected, the nats client reconnects by itself for as long as it takes.
 */
export class NatsLink {
  readonly streamName: string;
  readonly subjectPrefix: string;
  #connection: NatsConnection | null = null;
  #ready: Promise<void>;
  #markReady!: () => void;
  #closed = false;
  #retry: NodeJS.Timeout | undefined;
  #failures = 0;

  constructor(private readonly options: EventTransportOptions) {
    this.streamName = options.streamName ?? 'PSYCHEOS';
    this.subjectPrefix = options.subjectPrefix ?? '';
    this.#ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });
    void this.#connect();
  }

  /** The wire subject of a catalogue subject. */
  wireSubject(subject: string): string {
    return `${this.subjectPrefix}${subject}`;
  }

  /** Resolves once the first connection is up and the stream exists. */
  ready(): Promise<void> {
    return this.#ready;
  }

  get connected(): boolean {
    return this.#connection !== null && !this.#connection.isClosed() && this.#isUp;
  }

  #isUp = false;

  jetstream(): JetStreamClient | null {
    return this.connected && this.#connection ? this.#connection.jetstream() : null;
  }

  connection(): NatsConnection | null {
    return this.#connection;
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    try {
      const connection = await connect({
        ...natsServerOptions(this.options.url),
        name: 'psycheos',
        maxReconnectAttempts: -1,
        reconnectTimeWait: RETRY_MS,
      });
      await this.#ensureStream(connection);
      this.#connection = connection;
      this.#isUp = true;
      this.options.logger.info('connected to NATS');
      this.#failures = 0;
      void this.#watch(connection);
      this.#markReady();
    } catch (error) {
      // Said once per outage: a line every second would bury everything else.
      const reason = { reason: error instanceof Error ? error.message : String(error) };
      if (this.#failures++ === 0) {
        this.options.logger.warn(reason, 'NATS unreachable; retrying, events wait in the outbox');
      } else {
        this.options.logger.debug(reason, 'NATS still unreachable');
      }
      this.#retry = setTimeout(() => void this.#connect(), RETRY_MS);
    }
  }

  async #watch(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') {
        this.#isUp = false;
        this.options.logger.warn('NATS disconnected; reconnecting');
      } else if (status.type === 'reconnect') {
        this.#isUp = true;
        this.options.logger.info('NATS reconnected');
        // A restarted server may have lost a memory-only setup; make sure the stream is there.
        await this.#ensureStream(connection).catch((error: unknown) =>
          this.options.logger.warn({ err: error }, 'could not check the JetStream stream'),
        );
      }
    }
  }

  async #ensureStream(connection: NatsConnection): Promise<void> {
    const manager = await connection.jetstreamManager();
    const subjects = [`${this.subjectPrefix}psycheos.>`];
    try {
      await manager.streams.info(this.streamName);
    } catch {
      await manager.streams.add({
        name: this.streamName,
        subjects,
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        num_replicas: this.options.replicas ?? 1,
        // Within this window JetStream drops a message whose Nats-Msg-Id it has seen.
        duplicate_window: 2 * 60 * 1_000_000_000,
        max_age: 7 * 24 * 60 * 60 * 1_000_000_000,
      });
    }
  }

  /** Removes this link's stream: for tests, which each make a stream of their own. */
  async deleteStream(): Promise<void> {
    const manager = await this.#connection?.jetstreamManager();
    await manager?.streams.delete(this.streamName).catch(() => false);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const connection = this.#connection;
    this.#connection = null;
    if (connection && !connection.isClosed())
      await connection.drain().catch(() => connection.close());
  }
}

/**
 * The nats client takes credentials as options, not in the URL: NATS_URL may carry them
 * (nats://user:password@host:4222, what docker-compose gives), so they are moved out here.
 */
export function natsServerOptions(url: string): { servers: string; user?: string; pass?: string } {
  const match = /^(\w+:\/\/)([^@/]*)@(.+)$/.exec(url);
  if (!match) return { servers: url };
  const [, scheme, credentials = '', rest] = match;
  const [user = '', pass] = credentials.split(':');
  return {
    servers: `${scheme}${rest}`,
    user: decodeURIComponent(user),
    ...(pass === undefined ? {} : { pass: decodeURIComponent(pass) }),
  };
}
