import pg from 'pg';
import type { Logger } from '../observability/logger';

/** The advisory lock's class (first key); the second is the bot id's hash. */
const LOCK_CLASS = 0x7265706c; // "repl"

export interface SenderLeaseOptions {
  /** A direct connection (DATABASE_URL): a session's advisory lock does not survive a pooler. */
  url: string;
  botId: string;
  logger: Logger;
  /** How often a standby tries to take over. */
  retryMs?: number;
  onAcquired(): void;
  onLost(): void;
}

/**
 * Makes one process per bot its sender, whatever the number of replicas: Telegram's limits
 * are per bot, so one sender spends the whole budget and none draws 429s from another.
 *
 * The lease is a session advisory lock held on a connection of its own. It is released
 * when the holder stops or its connection dies (a killed process, a database restart),
 * and a standby, trying every few seconds, takes over. A holder that loses its connection
 * stops sending at once; the rows it had not deleted yet are sent again by the next
 * holder, which is how a call in flight at that moment may go twice.
 */
export class SenderLease {
  #client: pg.Client | undefined;
  #timer: NodeJS.Timeout | undefined;
  #held = false;
  #stopped = false;

  constructor(private readonly options: SenderLeaseOptions) {}

  get isHeld(): boolean {
    return this.#held;
  }

  start(): void {
    void this.#tryToAcquire();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    if (this.#held) {
      this.#held = false;
      this.options.onLost();
    }
    // Closing the session releases the lock, so a standby takes over at its next try.
    await client?.end().catch(() => {});
  }

  async #tryToAcquire(): Promise<void> {
    if (this.#stopped) return;
    try {
      const client = this.#client ?? (await this.#connect());
      const { rows } = await client.query<{ held: boolean }>(
        'select pg_try_advisory_lock($1::int, hashtext($2)) as held',
        [LOCK_CLASS, this.options.botId],
      );
      if (this.#stopped) return;
      if (rows[0]?.held) {
        this.#held = true;
        this.options.logger.info('this process sends the bot replies');
        this.options.onAcquired();
        return;
      }
    } catch (error) {
      this.#drop(error);
    }
    this.#timer = setTimeout(() => void this.#tryToAcquire(), this.options.retryMs ?? 2_000);
    this.#timer.unref();
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: `psycheos-${this.options.botId}-reply-sender`,
    });
    client.on('error', (error) => this.#drop(error));
    client.on('end', () => this.#drop(undefined));
    this.#client = client;
    await client.connect();
    return client;
  }

  /** The connection is gone, and the lock with it: stop sending and try again later. */
  #drop(error: unknown): void {
    const client = this.#client;
    if (!client) return;
    this.#client = undefined;
    client.removeAllListeners('end');
    void client.end().catch(() => {});
    if (this.#held) {
      this.#held = false;
      this.options.logger.warn({ err: error }, 'lost the reply sender lease; standing by');
      this.options.onLost();
      if (!this.#stopped) {
        this.#timer = setTimeout(() => void this.#tryToAcquire(), this.options.retryMs ?? 2_000);
        this.#timer.unref();
      }
    }
  }
}
