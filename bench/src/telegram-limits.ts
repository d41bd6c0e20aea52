import type { ApiAnswer, FakeTelegram } from '@psycheos/local-bot-api';

/** Telegram's published limits for a bot: about 30 messages a second, about one a second per chat. */
export const TELEGRAM_LIMITS = {
  perSecond: 30,
  perChatIntervalMs: 1_000,
  /** Telegram tolerates a short burst to one chat; we allow ourselves three. */
  perChatBurst: 3,
  /**
   * Slack for the network and a shared machine: calls that left on time may arrive bunched
   * by a stalled event loop (seen here: beyond 50 ms with the test suite running beside it).
   * A real excess still shows: a fourth call in a chat's burst comes 750 ms too early.
   */
  toleranceMs: 250,
};

/** Calls Telegram counts as messages; query answers, chat actions and reads it does not. */
const COUNTED = ['sendMessage', 'editMessageText', 'editMessageReplyMarkup', 'deleteMessage'];

/**
 * Makes the fake Bot API refuse, as Telegram does, a call over the bot's or a chat's limit:
 * 429 with retry_after. Each limit is a token bucket (GCRA): the bot's refills 30 a second
 * and holds a second's worth; a chat's refills one a second and holds three.
 * Returns the counts of calls it let through and refused: a well-behaved sender is never refused.
 */
export function enforceTelegramLimits(telegram: FakeTelegram, limits = TELEGRAM_LIMITS) {
  const counts = { accepted: 0, refused: 0 };
  const botInterval = 1_000 / limits.perSecond;
  let botArrival = 0;
  const chatArrival = new Map<string, number>();

  /** Spends one token of a bucket, or says how long until one is free. */
  const take = (arrival: number, interval: number, burst: number, now: number) => {
    const next = Math.max(arrival, now) + interval;
    const early = next - burst * interval - limits.toleranceMs - now;
    return early > 0 ? { ok: false as const, waitMs: early } : { ok: true as const, next };
  };

  const check = (params: Record<string, unknown>): ApiAnswer | undefined => {
    const now = performance.now();
    const bot = take(botArrival, botInterval, limits.perSecond, now);
    const chatKey = String(params.chat_id);
    const chat = take(
      chatArrival.get(chatKey) ?? 0,
      limits.perChatIntervalMs,
      limits.perChatBurst,
      now,
    );
    if (!bot.ok || !chat.ok) {
      counts.refused++;
      const waitMs = Math.max(bot.ok ? 0 : bot.waitMs, chat.ok ? 0 : chat.waitMs);
      const retryAfter = Math.max(1, Math.ceil(waitMs / 1_000));
      return {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      };
    }
    botArrival = bot.next;
    chatArrival.set(chatKey, chat.next);
    counts.accepted++;
    return undefined;
  };
  for (const method of COUNTED) telegram.respond(method, check);
  return counts;
}
