import type { Transformer } from 'grammy';

export interface RateLimitOptions {
  /** Calls per second for the whole bot; up to this many may go out at once (Telegram: ~30). */
  perSecond: number;
  /** The least time between two calls to one chat (Telegram asks for about 1 s). */
  perChatIntervalMs: number;
  /** The clock and the wait, passed in so tests need not sleep. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Chats whose last slot ended this long ago are forgotten, so the map cannot grow. */
const FORGET_AFTER_MS = 60_000;

/**
 * Keeps a process within Telegram's sending limits: each chat's calls at least
 * `perChatIntervalMs` apart, and the bot's calls as a whole at most `perSecond`,
 * with bursts of up to a second's worth.
 *
 * Why not @grammyjs/transformer-throttler: it runs a Bottleneck limiter per chat, and
 * under load (bench/) those limiters and their timers took about a seventh of the pro
 * service's CPU and held replies back, so memory grew with the backlog. Here a call
 * that may go at once costs two subtractions; only a call that must wait sets a timer.
 *
 * The global budget is a token bucket kept as one "theoretical arrival time" (GCRA):
 * each call moves it one interval on, and a call waits only when it has run more than
 * a bucket ahead of the clock. The budget is per process: replicas each keep their own.
 */
export function rateLimit(options: RateLimitOptions): Transformer {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const interval = 1000 / options.perSecond;
  const burst = options.perSecond * interval;
  let arrival = Number.NEGATIVE_INFINITY;
  const chatFreeAt = new Map<string, number>();
  let nextSweep = 0;

  /** When this chat's next call may start; reserves that slot. */
  const reserveChatSlot = (chatId: string, at: number): number => {
    if (at >= nextSweep) {
      for (const [chat, freeAt] of chatFreeAt) if (freeAt < at) chatFreeAt.delete(chat);
      nextSweep = at + FORGET_AFTER_MS;
    }
    const start = Math.max(at, chatFreeAt.get(chatId) ?? at);
    chatFreeAt.set(chatId, start + options.perChatIntervalMs);
    return start;
  };

  /** When the bot's budget allows a call that is ready at `at`; reserves it. */
  const reserveGlobalSlot = (at: number): number => {
    arrival = Math.max(arrival, at) + interval;
    return Math.max(at, arrival - burst);
  };

  return async (prev, method, payload, signal) => {
    const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
    if (chatId !== undefined && options.perChatIntervalMs > 0) {
      const start = reserveChatSlot(String(chatId), now());
      const wait = start - now();
      if (wait > 0) await sleep(wait);
    }
    const at = now();
    const wait = reserveGlobalSlot(at) - at;
    if (wait > 0) await sleep(wait);
    return prev(method, payload, signal);
  };
}
