import type { Logger } from '@psycheos/platform';
import pg from 'pg';

/** The advisory lock's class (first key); the second is the bot id's hash. */
const LOCK_CLASS = 0x7265706c; // "repl"
/** Where processes tell a bot's sender that they wrote rows for it; the payload is the bot id. */
const REPLIES_CHANNEL = 'psycheos_reply_outbox';

export interface SenderLeaseOptions {
  /** A direct connection (DATABASE_URL): a session's advisory lock does not survive a pooler. */
  url: string;
  botId: string;
  logger: Logger;
  /** How often a standby tries to take over. */
  retryMs?: number;
  onAcquired(): void;
  onLost(): void;
  /** While held: another process wrote rows for this bot (announce). */
  onAnnounced?(): void;
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
 *
 * The session also carries word between processes: a process that wrote rows for a bot whose
 * sender runs elsewhere announces them (a NOTIFY of its own, outside any transaction, so no
 * update's commit waits on PostgreSQL's notification lock), and the holder LISTENs.
 */
/** How often the holder checks that its session, and so its lock, is still there. */
const HEARTBEAT_MS = 5_000;

export class SenderLease {
  #client: pg.Client | undefined;
  #timer: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #held = false;
  #stopped = false;
  /** Bots to announce, and the announcement on its way (those asked meanwhile share the next). */
  readonly #toAnnounce = new Set<string>();
  #announcing: Promise<void> | null = null;

  constructor(private readonly options: SenderLeaseOptions) {}

  get isHeld(): boolean {
    return this.#held;
  }

  start(): void {
    void this.#tryToAcquire();
  }

  /**
   * Tells the sender of `botId`, in whichever process holds its lease, that rows were
   * written for it. Best effort: without a connection, or if the NOTIFY fails, the sender's
   * slow poll finds the rows.
   */
  announce(botId: string): void {
    if (this.#stopped) return;
    this.#toAnnounce.add(botId);
    this.#announcing ??= this.#sendAnnouncements().finally(() => {
      this.#announcing = null;
    });
  }

  async #sendAnnouncements(): Promise<void> {
    while (this.#toAnnounce.size > 0) {
      const bots = [...this.#toAnnounce];
      this.#toAnnounce.clear();
      const client = this.#client;
      if (!client) return;
      try {
        for (const bot of bots) {
          await client.query('select pg_notify($1, $2)', [REPLIES_CHANNEL, bot]);
        }
      } catch (error) {
        this.#drop(client, error);
      }
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearInterval(this.#heartbeat);
    this.#toAnnounce.clear();
    await this.#announcing;
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
      // Stopped, or the connection was lost, while the question was on its way.
      if (this.#stopped || this.#client !== client) return;
      if (rows[0]?.held) {
        // Before anything is read, so no announcement falls between the read and the LISTEN.
        await client.query(`listen ${REPLIES_CHANNEL}`);
        if (this.#stopped || this.#client !== client) return;
        this.#held = true;
        this.options.logger.info('this process sends the bot replies');
        this.#heartbeat = setInterval(() => void this.#checkAlive(client), HEARTBEAT_MS);
        this.#heartbeat.unref();
        this.options.onAcquired();
        return;
      }
    } catch (error) {
      if (this.#client) this.#drop(this.#client, error);
    }
    this.#timer = setTimeout(() => void this.#tryToAcquire(), this.options.retryMs ?? 2_000);
    this.#timer.unref();
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: `psycheos-${this.options.botId}-reply-sender`,
      // A half-open socket (a failover, a dropped route) must not pass for a live session.
      keepAlive: true,
      query_timeout: HEARTBEAT_MS,
    });
    client.on('error', (error) => this.#drop(client, error));
    client.on('notification', (message) => {
      if (this.#held && message.payload === this.options.botId) this.options.onAnnounced?.();
    });
    client.on('end', () => this.#drop(client, undefined));
    this.#client = client;
    await client.connect();
    return client;
  }

  /**
   * While the lock is held: a session that no longer answers may have lost it to a standby
   * on the database's side, so the holder stops rather than send beside the new one.
   */
  async #checkAlive(client: pg.Client): Promise<void> {
    try {
      await client.query('select 1');
    } catch (error) {
      this.#drop(client, error);
    }
  }

  /** The connection is gone, and the lock with it: stop sending and try again later. */
  #drop(client: pg.Client, error: unknown): void {
    // A late event from a connection already dropped changes nothing.
    if (this.#client !== client) return;
    this.#client = undefined;
    clearInterval(this.#heartbeat);
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
