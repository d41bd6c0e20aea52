import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Compares the X-Telegram-Bot-Api-Secret-Token header with the bot's secret in constant
 * time. Hashing first gives equal-length inputs, so not even the length leaks.
 */
export function secretMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  return timingSafeEqual(digest(given), digest(expected));
}

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
