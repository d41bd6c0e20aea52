import { GrammyError, HttpError } from 'grammy';

/** What became of one attempt to send a stored call. */
export type SendOutcome =
  | { kind: 'sent' }
  /** Worth trying again: Telegram is busy or unwell, or the network failed. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** Telegram refused the call itself (a bad request, a bot the person blocked): final. */
  | { kind: 'failed'; reason: string };

/**
 * Sorts a failed call by its remedy. The auto-retry plugin has already retried a short
 * 429 and 5xx within the call; what reaches here is what it gave up on.
 *
 * - 429 and 5xx: Telegram will take it later; 429's retry_after is honoured.
 * - 401 (token refused) and 409: not this message's fault; retried until the row expires,
 *   so a token fixed within the hour still delivers the replies.
 * - other 4xx (400 bad request, 403 blocked by the user, 404): the same call would be
 *   refused again, so it is failed with Telegram's reason, never retried forever.
 * - a network failure: retried.
 */
export function classifySendError(error: unknown): SendOutcome {
  if (error instanceof GrammyError) {
    const reason = `${error.error_code}: ${error.description}`;
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after;
      return { kind: 'retry', reason, retryAfterMs: seconds ? seconds * 1_000 : undefined };
    }
    if (error.error_code >= 500 || error.error_code === 401 || error.error_code === 409) {
      return { kind: 'retry', reason };
    }
    return { kind: 'failed', reason };
  }
  if (error instanceof HttpError) return { kind: 'retry', reason: 'network error' };
  return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
}
