import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Compares the X-Telegram-Bot-Api-Secret-Token header with the bot's secret in constant
 * time. Hashing first gives equal-length inputs, so not even the length leaks.
 *
 * During a rotation a bot accepts two secrets (its new one and TG_WEBHOOK_SECRET_<BOT>_PREVIOUS);
 * every one is compared, so the time does not say which matched.
 */
export function secretMatches(
  given: string | string[] | undefined,
  expected: string | readonly string[],
): boolean {
  if (typeof given !== 'string') return false;
  const givenDigest = digest(given);
  let matched = false;
  for (const secret of typeof expected === 'string' ? [expected] : expected) {
    if (timingSafeEqual(givenDigest, digest(secret))) matched = true;
  }
  return matched;
}

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
