import { type ApiAnswer, tooManyRequests } from './api-answer';

/**
 * The calls Telegram counts against its flood limits: whatever shows something in a chat.
 * Reads, query answers, chat actions and drafts (which are streamed many times a second by
 * design) are not counted.
 */
const SHOWS_IN_CHAT = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendInvoice',
  'sendMediaGroup',
  'sendAnimation',
  'sendVideo',
  'sendAudio',
  'sendVoice',
  'sendSticker',
  'copyMessage',
  'forwardMessage',
  'editMessageText',
  'editMessageCaption',
  'editMessageMedia',
  'editMessageReplyMarkup',
  'deleteMessage',
]);

const BOT_PER_SECOND = 30;
const CHAT_INTERVAL_MS = 1_000;
const CHAT_BURST = 3;

/**
 * Telegram's published flood limits, so a bot that would be throttled in production is
 * throttled here too and its retry path runs: at most 30 calls a second per bot across
 * chats, and per chat a burst of 3 then one a second. Over either, 429 with retry_after in
 * whole seconds, as Telegram answers.
 *
 * Each limit is a token bucket kept as its theoretical arrival time (GCRA): a call is
 * allowed when it would not arrive earlier than `burst` intervals ahead of the schedule.
 * A refused call spends nothing.
 */
export function createFloodLimits(now: () => number = () => performance.now()) {
  const botSchedule = new Map<string, number>();
  const chatSchedule = new Map<string, number>();

  /** The schedule after one more call, and how long that call is early (0: on time). */
  const take = (schedule: number, intervalMs: number, burst: number, at: number) => {
    const next = Math.max(schedule, at) + intervalMs;
    return { next, earlyMs: Math.max(0, next - burst * intervalMs - at) };
  };

  return {
    /** A 429 for a call over the limits, or null (and the call is counted). */
    refuse(token: string, method: string, chatId: unknown): ApiAnswer | null {
      if (!SHOWS_IN_CHAT.has(method)) return null;
      const at = now();
      const chatKey = `${token}\n${String(chatId)}`;
      const bot = take(botSchedule.get(token) ?? 0, 1_000 / BOT_PER_SECOND, BOT_PER_SECOND, at);
      const chat = take(chatSchedule.get(chatKey) ?? 0, CHAT_INTERVAL_MS, CHAT_BURST, at);
      const earlyMs = Math.max(bot.earlyMs, chat.earlyMs);
      if (earlyMs > 0) return tooManyRequests(Math.max(1, Math.ceil(earlyMs / 1_000)));
      botSchedule.set(token, bot.next);
      chatSchedule.set(chatKey, chat.next);
      return null;
    },
  };
}

export type FloodLimits = ReturnType<typeof createFloodLimits>;
