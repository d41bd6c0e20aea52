import { autoRetry } from '@grammyjs/auto-retry';
import type { Transformer } from 'grammy';

/**
 * The Bot API plugins every bot service runs with, in production and in the test harness
 * alike, so the tests exercise what production does.
 *
 * auto-retry: Telegram answers 429 with parameters.retry_after when a bot sends too fast,
 * and a 5xx when it is unwell; the plugin waits and calls again. The deferred replies
 * (deferred-calls.ts) reach the network through it, so they are retried when flushed.
 * The flush runs while the webhook request is open, so waiting is bounded:
 * - maxDelaySeconds: a longer retry_after fails the call at once (logged by the flush);
 * - maxRetryAttempts: after 3 retries the refusal stands. The plugin also waits once more
 *   after the last attempt, so one call can wait up to 4 × 10 s (429) or 3+6+12+24 s (5xx).
 *   Past the gateway's 30 s Telegram gets a 504 and redelivers; the update is then a
 *   duplicate and the first flush still sends the reply, so nothing is lost or sent twice;
 * - rethrowHttpErrors: network errors are otherwise retried forever, whatever
 *   maxRetryAttempts says, which would hold a webhook (and getMe) without end.
 */
export function telegramPlugins(): Transformer[] {
  return [autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10, rethrowHttpErrors: true })];
}
