import type { Transformer } from 'grammy';
import { isShortLived, needsAnswerNow } from './call-kinds';

export interface RateLimitOptions {
  /** Calls per second for the whole bot; up to this many may go out at once (Telegram: ~30). */
  perSecond: number;
  /** The least time between two calls to one chat (Telegram asks for about 1 s). */
  perChatIntervalMs: number;
  /**
   * Calls one chat may get at once before the interval applies (default 1): Telegram
   * tolerates a short burst, so an answer of two or three messages arrives together.
   */
  perChatBurst?: number;
  /** The clock and the wait, passed in so tests need not sleep. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Chats whose last call is this long past are forgotten, so the map cannot grow. */
const FORGET_AFTER_MS = 60_000;

interface ChatTurns {
  /** Settles when the chat's latest call has started: the next one waits for it. */
  tail: Promise<void>;
  /** The chat's own "theoretical arrival time": its burst is spent while this runs ahead. */
  arrival: number;
  /** Calls of this chat not yet started. */
  waiting: number;
}

/**
 * Keeps a process within Telegram's sending limits: each chat's calls start in the order
 * they were made, up to `perChatBurst` at once and then `perChatIntervalMs` apart, and the bot's calls as a
 * whole at most `perSecond`, with bursts of up to a second's worth (so, like a fixed
 * one-second window, up to twice that across the turn of a second; auto-retry covers a 429).
 *
 * Why not @grammyjs/transformer-throttler: it runs a Bottleneck limiter per chat, and
 * under load (bench/) those limiters and their timers took about a seventh of the pro
 * service's CPU and held replies back, so memory grew with the backlog. Here a call
 * that may go at once costs a few comparisons; only a call that must wait sets a timer.
 *
 * The global budget is a token bucket kept as one "theoretical arrival time" (GCRA):
 * each call moves it one interval on, and a call waits only when it has run more than
 * a bucket ahead of the clock. A chat's spacing counts from when its previous call
 * actually started, after any wait for the global budget. The clock is monotonic, so a
 * wall-clock jump cannot stall sending. The budget is per process; the reply outbox makes
 * one process per bot its sender (replies/sender-lease.ts), so the bot's budget is one.
 *
 * Reads and query answers (call-kinds.ts) pass straight through: Telegram does not count
 * them as messages, and a button's answer must never wait behind a backlog of messages.
 */
export function rateLimit(options: RateLimitOptions): Transformer {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? realSleep;
  const interval = 1000 / options.perSecond;
  const burst = options.perSecond * interval;
  let arrival = Number.NEGATIVE_INFINITY;
  const chatBurst = Math.max(options.perChatBurst ?? 1, 1);
  const chats = new Map<string, ChatTurns>();
  let nextSweep = 0;

  /** Waits until the bot's budget allows one more call, and spends it. */
  const globalTurn = async (): Promise<void> => {
    const at = now();
    arrival = Math.max(arrival, at) + interval;
    const wait = arrival - burst - at;
    if (wait > 0) await sleep(wait);
  };

  const forgetIdleChats = (at: number): void => {
    if (at < nextSweep) return;
    for (const [chat, turns] of chats) {
      if (turns.waiting === 0 && turns.arrival + FORGET_AFTER_MS < at) chats.delete(chat);
    }
    nextSweep = at + FORGET_AFTER_MS;
  };

  /** Waits for the chat's earlier calls to start, then for its interval, then for the budget. */
  const chatTurn = async (chatId: string): Promise<void> => {
    forgetIdleChats(now());
    let turns = chats.get(chatId);
    if (!turns) {
      turns = { tail: Promise.resolve(), arrival: Number.NEGATIVE_INFINITY, waiting: 0 };
      chats.set(chatId, turns);
    }
    const previous = turns.tail;
    let started = () => {};
    turns.tail = new Promise<void>((resolve) => {
      started = resolve;
    });
    turns.waiting++;
    try {
      await previous;
      const spacing = options.perChatIntervalMs;
      const wait = turns.arrival - (chatBurst - 1) * spacing - now();
      if (wait > 0) await sleep(wait);
      await globalTurn();
      turns.arrival = Math.max(turns.arrival, now()) + spacing;
    } finally {
      turns.waiting--;
      started();
    }
  };

  return async (prev, method, payload, signal) => {
    if (needsAnswerNow(method) || isShortLived(method)) return prev(method, payload, signal);
    const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
    if (chatId !== undefined && options.perChatIntervalMs > 0) await chatTurn(String(chatId));
    else await globalTurn();
    return prev(method, payload, signal);
  };
}
