import Anthropic from '@anthropic-ai/sdk';
import type { ClaudeRetryReason } from './claude-errors';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The first backoff's ceiling; it doubles with each attempt (default 1 s). */
  baseDelayMs: number;
  /** The most a backoff may wait (default 30 s). */
  maxDelayMs: number;
  /** The most a server's retry-after is waited for; a longer one is cut to this (default 60 s). */
  maxRetryAfterMs: number;
}

export type FailureVerdict =
  | { retry: true; reason: ClaudeRetryReason; retryAfterMs: number | null }
  | { retry: false; status: number | null; type: string | null };

const RETRIED_TYPES: Readonly<Record<string, ClaudeRetryReason>> = {
  overloaded_error: 'overloaded',
  api_error: 'server_error',
  rate_limit_error: 'rate_limited',
  timeout_error: 'timeout',
};

/**
 * Which failures pass with time. 408, 429, 5xx and 529 do; a dropped or timed-out connection
 * does; an `overloaded_error` or `api_error` event in the middle of a stream does (the SDK
 * never retries those itself). Other 4xx (a bad request, a bad key, an unknown model) do not.
 */
export function judgeFailure(error: unknown): FailureVerdict {
  if (error instanceof Anthropic.APIConnectionTimeoutError) {
    return { retry: true, reason: 'timeout', retryAfterMs: null };
  }
  if (error instanceof Anthropic.APIConnectionError) {
    return { retry: true, reason: 'connection', retryAfterMs: null };
  }
  if (error instanceof Anthropic.APIError) {
    const { status } = error;
    const type = typeof error.type === 'string' ? error.type : null;
    if (status === undefined) {
      // An error event inside a stream: only its type says what happened.
      const reason = type ? RETRIED_TYPES[type] : undefined;
      return reason
        ? { retry: true, reason, retryAfterMs: null }
        : { retry: false, status: null, type };
    }
    const reason = reasonForStatus(status);
    if (reason) return { retry: true, reason, retryAfterMs: retryAfter(error.headers) };
    return { retry: false, status, type };
  }
  // Anything else thrown while reading a stream (a socket closed mid-body, a stream that ended
  // without message_stop) is the way to the model breaking, not the model refusing.
  return { retry: true, reason: 'connection', retryAfterMs: null };
}

function reasonForStatus(status: number): ClaudeRetryReason | null {
  if (status === 529) return 'overloaded';
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server_error';
  return null;
}

/** `retry-after-ms` (Anthropic's, exact) or `retry-after` (seconds or an HTTP date). */
function retryAfter(headers: Headers | undefined): number | null {
  const milliseconds = Number(headers?.get('retry-after-ms'));
  if (headers?.get('retry-after-ms') && Number.isFinite(milliseconds) && milliseconds >= 0) {
    return milliseconds;
  }
  const value = headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(date - Date.now(), 0);
}

/**
 * The wait before attempt `nextAttempt` (2, 3, ...): the server's retry-after when it gave
 * one (capped), else exponential backoff with full jitter, a random wait between zero and a
 * ceiling that doubles each time, so many workers retrying together spread out.
 */
export function retryDelay(
  policy: RetryPolicy,
  nextAttempt: number,
  retryAfterMs: number | null,
  random: () => number,
): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (nextAttempt - 2));
  return Math.floor(random() * ceiling);
}
