import type { Database } from '@psycheos/db';
import { LookSchedule } from '@psycheos/events';
import type { Logger } from '@psycheos/platform';
import type { Api } from 'grammy';
import type { Kysely } from 'kysely';
import type { ReplyMetrics } from './reply-metrics';
import {
  deleteSentAndFetch,
  deleteSentReplies,
  expireStaleReplies,
  pruneSettledReplies,
  REPLY_PRIORITY,
  recordReplyAttempt,
  settleReply,
} from './reply-outbox';
import { onRepliesWritten } from './reply-signal';
import { type HeldReply, ReplyWindow } from './reply-window';
import { classifySendError, type SendOutcome } from './send-outcome';
import { SenderLease } from './sender-lease';

export interface ReplySenderOptions {
  botId: string;
  db: Kysely<Database>;
  /** The bot's Api with its plugins: the rate limit and auto-retry apply to every send. */
  api: Api;
  logger: Logger;
  metrics: ReplyMetrics;
  /** A direct database URL for the sender's lease (an advisory lock). */
  leaseUrl: string;
  /** REPLY_WINDOW: stored replies held in memory at most; the rest wait in the table. */
  windowSize: number;
  /** Sends handed to the rate limit at once: a couple of seconds' worth, so priorities hold. */
  maxInFlight: number;
  /** REPLY_MAX_AGE_SECONDS: an older reply is marked expired instead of being sent late. */
  maxAgeMs: number;
  /** RETENTION_SETTLED_REPLY_HOURS: how long a failed or expired row stays to be read. */
  settledRetentionHours: number;
  /**
   * Calls rendered when their turn comes: a stored row whose method is a key here holds
   * only what to render (ids), and the renderer makes the real call from it then, e.g. a
   * chart as a sendPhoto upload, which no table can hold. null: nothing to send any more.
   */
  renderers?: Readonly<Record<string, ReplyRenderer>>;
  /**
   * How often the sender looks for rows no one told it of (SLOW_POLL_MS unless a test says
   * otherwise); rows written in this process, or announced by another, it reads at once.
   */
  pollMs?: number;
  /** How often a standby tries to become the sender. */
  leaseRetryMs?: number;
  /** The first retry's delay; each further retry waits twice as long, up to a minute. */
  retryBaseMs?: number;
  now?: () => number;
}

export type ReplyRenderer = (
  payload: Record<string, unknown>,
) => Promise<{ method: string; payload: Record<string, unknown> } | null>;

type Settlement = { replyId: number; status: 'failed' | 'expired'; reason: string };
type RawCall = (payload: unknown, signal?: AbortSignal) => Promise<unknown>;

const PRUNE_EVERY_MS = 10 * 60_000;
/**
 * The slow poll: a reply written by a process that could not tell the sender (it died right
 * after its commit, it runs no sender, its NOTIFY was lost) is read at most this long after.
 */
const SLOW_POLL_MS = 5_000;
/** The least time between the starts of two round trips while replies keep coming. */
const CYCLE_GAP_MS = 10;
const MAX_RETRY_DELAY_MS = 60_000;

/**
 * Sends a bot's reply outbox (reply-outbox.ts) to Telegram: each chat's calls in order,
 * one at a time; chats of people the bot knows before strangers'; within the rate limit.
 *
 * Only the holder of the bot's lease sends (sender-lease.ts); other replicas write rows
 * and stand by. The holder reads a window of pending rows, sends them, and deletes each
 * sent row in its next round trip; that round trip also reads what is new. The pipeline
 * pokes it after each commit, so a reply leaves within a round trip of its webhook's answer;
 * any other writer in the process (a job, an event consumer) tells it through
 * enqueueReplies (reply-signal.ts), and a process where the bot's sender does not run (a
 * standby replica, screen writing pro's crisis alert) announces its rows to the holder
 * (sender-lease.ts). A slow poll (SLOW_POLL_MS) finds whatever no one announced.
 *
 * Exactly once, nearly: a row is deleted only after Telegram took it, so a crash between
 * the two sends that call again (at most the calls in flight and the few sent since the
 * last round trip). Nothing committed is lost.
 */
export class ReplySender {
  readonly #window = new ReplyWindow();
  readonly #lease: SenderLease;
  readonly #now: () => number;
  #sent: number[] = [];
  #settled: Settlement[] = [];
  #attempts: { replyId: number; reason: string }[] = [];
  #inFlight = 0;
  #active = false;
  #stopping = false;
  /** Bumped when the lease is lost: a send begun before then changes nothing after. */
  #epoch = 0;
  /** Aborts the sends of the current epoch that have not reached Telegram when it ends. */
  #epochSends = new AbortController();
  #cycle: Promise<void> | undefined;
  #cycleAgain = false;
  readonly #looks: LookSchedule;
  #stopListening: (() => void) | undefined;
  readonly #retryTimers = new Set<NodeJS.Timeout>();
  readonly #changeWaiters = new Set<() => void>();
  #nextPrune = 0;

  constructor(private readonly options: ReplySenderOptions) {
    this.#now = options.now ?? (() => performance.now());
    this.#lease = new SenderLease({
      url: options.leaseUrl,
      botId: options.botId,
      logger: options.logger,
      retryMs: options.leaseRetryMs,
      onAcquired: () => this.#becomeActive(),
      onLost: () => this.#standBy(),
      onAnnounced: () => this.#looks.written(),
    });
    this.#looks = new LookSchedule({
      look: () => this.#requestCycle(),
      slowMs: options.pollMs ?? SLOW_POLL_MS,
    });
  }

  /** True while this process is the bot's sender. */
  get isActive(): boolean {
    return this.#active;
  }

  /** Replies held in memory now: never more than the window. */
  get held(): number {
    return this.#window.size;
  }

  start(): void {
    this.#stopListening = onRepliesWritten((botId) => this.#written(botId));
    this.#lease.start();
  }

  /** Something new is committed in the outbox: look now rather than at the next poll. */
  poke(): void {
    if (this.#active) this.#requestCycle();
    else this.#lease.announce(this.options.botId);
  }

  /** Rows were written in this process for `botId`: its sender is told, here or elsewhere. */
  #written(botId: string): void {
    if (botId === this.options.botId && this.#active) this.#looks.written();
    else this.#lease.announce(botId);
  }

  /**
   * Resolves once this process is the sender and the bot's outbox holds nothing it could
   * send now: every reply sent or settled and deleted. Tests wait on it.
   */
  async idle(): Promise<void> {
    for (;;) {
      if (this.#active) {
        this.#requestCycle();
        await this.#cycle;
        if (
          this.#window.size === 0 &&
          this.#inFlight === 0 &&
          this.#sent.length + this.#settled.length === 0
        ) {
          return;
        }
      }
      await this.#nextChange();
    }
  }

  /**
   * Stops sending: the calls in flight finish and their rows are deleted; the rest stay in
   * the outbox for the next sender (this process's next life, or a standby replica).
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#stopListening?.();
    this.#looks.stop();
    for (const timer of this.#retryTimers) clearTimeout(timer);
    this.#retryTimers.clear();
    while (this.#inFlight > 0) await this.#nextChange();
    await this.#cycle;
    if (this.#active && this.#sent.length + this.#settled.length > 0) {
      await this.#cycleOnce().catch((error: unknown) =>
        this.options.logger.warn({ err: error }, 'could not mark the last replies sent'),
      );
    }
    await this.#lease.stop();
  }

  #becomeActive(): void {
    if (this.#stopping) return;
    this.#active = true;
    this.options.metrics.setActive(true);
    // Looks at once (what was left behind), then when told and at the slow poll.
    this.#looks.start();
    this.#wake();
  }

  #standBy(): void {
    if (!this.#active) return;
    this.#active = false;
    this.#epoch++;
    // Sends still waiting for the rate limit must not reach Telegram beside the next sender.
    this.#epochSends.abort();
    this.#epochSends = new AbortController();
    this.options.metrics.setActive(false);
    this.#looks.stop();
    for (const timer of this.#retryTimers) clearTimeout(timer);
    this.#retryTimers.clear();
    // Rows Telegram took are deleted if the database still answers; otherwise the next
    // sender sends them again.
    this.#deleteSentNow(this.#sent.splice(0));
    this.#settled = [];
    this.#attempts = [];
    this.#window.clear();
    this.#wake();
  }

  #requestCycle(): void {
    if (!this.#active) return;
    if (this.#cycle) {
      this.#cycleAgain = true;
      return;
    }
    this.#cycle = this.#runCycles().finally(() => {
      this.#cycle = undefined;
      // Asked for after the loop's last look: run once more rather than wait for the poll.
      if (this.#cycleAgain) this.#requestCycle();
      this.#wake();
    });
  }

  /**
   * Round trips back to back while there is news, but at most one per CYCLE_GAP_MS: under
   * load each then deletes and reads many rows at once (one per reply cost pro and
   * PostgreSQL a quarter more CPU per update, docs/BENCHMARKS.md). A quiet bot's first
   * request runs at once, so a lone reply does not wait.
   */
  async #runCycles(): Promise<void> {
    do {
      this.#cycleAgain = false;
      const started = this.#now();
      try {
        await this.#cycleOnce();
      } catch (error) {
        // The next poll tries again; the rows are safe in the table meanwhile.
        this.options.logger.warn({ err: error }, 'reply outbox unreachable; will retry');
        return;
      }
      const rest = started + CYCLE_GAP_MS - this.#now();
      if (this.#cycleAgain && rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    } while (this.#cycleAgain && this.#active);
  }

  /** One round trip (two when something failed): settle, delete what was sent, read what is new. */
  async #cycleOnce(): Promise<void> {
    const { db, botId } = this.options;
    const epoch = this.#epoch;
    await this.#writeSettlements();
    const sent = this.#sent.splice(0);
    const room = this.#stopping ? 0 : this.options.windowSize - this.#window.size;
    let rows: Awaited<ReturnType<typeof deleteSentAndFetch>>;
    try {
      rows = await deleteSentAndFetch(db, {
        botId,
        sent,
        skip: this.#window.heldIds(),
        limit: room,
      });
    } catch (error) {
      this.#sent.unshift(...sent);
      throw error;
    }
    if (epoch !== this.#epoch) return;
    for (const replyId of sent) this.#window.forget(replyId);
    const fetchedAt = this.#now();
    this.#window.add(rows.map((row) => ({ ...row, createdAt: fetchedAt - row.age_ms })));
    this.#dispatch();
    await this.#pruneNowAndThen();
  }

  async #writeSettlements(): Promise<void> {
    const { db } = this.options;
    while (this.#attempts.length > 0) {
      const attempt = this.#attempts[0] as { replyId: number; reason: string };
      await recordReplyAttempt(db, attempt.replyId, attempt.reason);
      this.#attempts.shift();
    }
    while (this.#settled.length > 0) {
      const settlement = this.#settled[0] as Settlement;
      await settleReply(db, settlement.replyId, settlement.status, settlement.reason);
      this.#settled.shift();
      this.#window.forget(settlement.replyId);
    }
  }

  /**
   * Now and then: rows that aged past REPLY_MAX_AGE_SECONDS while waiting in the table (a
   * stranger's, behind a long backlog of known people's) are expired there, so the table
   * cannot grow without end; settled rows past their retention are deleted.
   */
  async #pruneNowAndThen(): Promise<void> {
    const now = this.#now();
    if (now < this.#nextPrune) return;
    this.#nextPrune = now + PRUNE_EVERY_MS;
    const expired = await expireStaleReplies(this.options.db, {
      botId: this.options.botId,
      maxAgeMs: this.options.maxAgeMs,
      skip: this.#window.heldIds(),
    });
    this.options.metrics.count('expired', expired);
    const keptHours = this.options.settledRetentionHours;
    const pruned = await pruneSettledReplies(this.options.db, this.options.botId, keptHours);
    // One line per round, counts only: a settled row has no text left to leak anyway.
    if (pruned > 0) {
      this.options.logger.info(
        { pruned, kept_hours: keptHours },
        'settled replies pruned (failed or expired)',
      );
    }
  }

  #dispatch(): void {
    while (this.#active && !this.#stopping) {
      // At the in-flight cap only urgent replies still go: a crisis alert must not wait
      // behind two seconds of everyone else's sends.
      const isFull = this.#inFlight >= this.options.maxInFlight;
      const reply = this.#window.takeNext(isFull ? REPLY_PRIORITY.urgent : undefined);
      if (!reply) return;
      const isTooOld = this.#now() - reply.createdAt > this.options.maxAgeMs;
      // A crisis alert or the crisis resources go however late: they never expire.
      if (isTooOld && reply.priority !== REPLY_PRIORITY.urgent) {
        this.#settle(reply, 'expired', 'older than REPLY_MAX_AGE_SECONDS when its turn came');
        continue;
      }
      this.#inFlight++;
      void this.#send(reply, this.#epoch, this.#epochSends.signal);
    }
  }

  async #send(reply: HeldReply, epoch: number, signal: AbortSignal): Promise<void> {
    let outcome: SendOutcome;
    try {
      const call = await this.#render(reply);
      if (call) {
        const raw = this.options.api.raw as unknown as Record<string, RawCall>;
        await (raw[call.method] as RawCall)(call.payload, signal);
        outcome = { kind: 'sent' };
      } else {
        outcome = { kind: 'failed', reason: 'nothing to send any more' };
      }
    } catch (error) {
      outcome =
        error instanceof RenderError
          ? { kind: 'failed', reason: error.message }
          : classifySendError(error);
    }
    this.#inFlight--;
    if (epoch === this.#epoch) this.#afterSend(reply, outcome);
    // Telegram has it, though the lease was lost meanwhile: the row goes, or it is sent again.
    else if (outcome.kind === 'sent') this.#deleteSentNow([reply.reply_id]);
    this.#dispatch();
    this.#requestCycle();
    this.#wake();
  }

  /** The call to make for a row: itself, or what its renderer makes of it now. */
  async #render(reply: HeldReply): Promise<{ method: string; payload: unknown } | null> {
    const renderer = this.options.renderers?.[reply.method];
    if (!renderer) return reply;
    try {
      return await renderer(reply.payload);
    } catch (error) {
      this.options.logger.warn(
        { err: error, method: reply.method },
        'a reply could not be rendered',
      );
      throw new RenderError(`could not render ${reply.method}`);
    }
  }

  #afterSend(reply: HeldReply, outcome: SendOutcome): void {
    const log = this.options.logger;
    if (outcome.kind === 'sent') {
      this.options.metrics.count('sent');
      this.#window.finish(reply);
      this.#sent.push(reply.reply_id);
      return;
    }
    if (outcome.kind === 'failed') {
      log.warn(
        { method: reply.method, chat_id: reply.chat_id, reason: outcome.reason },
        'Telegram refused a reply for good; marked failed',
      );
      this.#settle(reply, 'failed', outcome.reason);
      return;
    }
    this.options.metrics.count('retried');
    this.#window.retryLater(reply);
    this.#attempts.push({ replyId: reply.reply_id, reason: outcome.reason });
    const backoff = (this.options.retryBaseMs ?? 1_000) * 2 ** (reply.attempts - 1);
    // Telegram's retry_after is honoured as given; our own backoff stops growing at a minute.
    const delay = outcome.retryAfterMs ?? Math.min(backoff, MAX_RETRY_DELAY_MS);
    log.warn(
      { method: reply.method, chat_id: reply.chat_id, reason: outcome.reason, retry_in_ms: delay },
      'a reply could not be sent; will retry',
    );
    const timer = setTimeout(() => {
      this.#retryTimers.delete(timer);
      this.#window.release(reply);
      this.#dispatch();
      this.#wake();
    }, delay);
    this.#retryTimers.add(timer);
  }

  /** Deletes sent rows outside the cycle, best effort: a row left is only sent once more. */
  #deleteSentNow(sent: number[]): void {
    if (sent.length === 0) return;
    void deleteSentReplies(this.options.db, sent).catch(() => {});
  }

  #settle(reply: HeldReply, status: Settlement['status'], reason: string): void {
    this.options.metrics.count(status);
    this.#window.finish(reply);
    this.#settled.push({ replyId: reply.reply_id, status, reason });
    this.#requestCycle();
  }

  #nextChange(): Promise<void> {
    return new Promise((resolve) => this.#changeWaiters.add(resolve));
  }

  #wake(): void {
    for (const resolve of this.#changeWaiters) resolve();
    this.#changeWaiters.clear();
  }
}

/** A renderer failed: the row is settled as failed, not retried (it would fail again). */
class RenderError extends Error {}
