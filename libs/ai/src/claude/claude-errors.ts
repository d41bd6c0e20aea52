import type { ClaudeUsage } from './claude-usage';

/**
 * Why an attempt failed in a way worth trying again: the model is busy or the way to it
 * broke. Kept as a value so the tool, the logs and a test can tell them apart.
 */
export type ClaudeRetryReason =
  /** 529, or an `overloaded_error` event in the middle of a stream. */
  | 'overloaded'
  /** 429: this key's rate limit. */
  | 'rate_limited'
  /** 500, 502, 503, 504, an `api_error` event mid-stream. */
  | 'server_error'
  /** 408, or no answer (no first byte, or no event for `timeoutMs` mid-stream). */
  | 'timeout'
  /** The connection failed or dropped, before or during the stream. */
  | 'connection';

/** What every failure of a Claude call carries: how many attempts ran and what they used. */
export abstract class ClaudeError extends Error {
  constructor(
    message: string,
    /** Attempts made (0 when none could be). */
    readonly attempts: number,
    /** Tokens the failed attempts used, to be recorded like any other usage. */
    readonly usage: ClaudeUsage,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Every attempt failed for a reason that passes (overload, rate limit, server error, timeout,
 * connection): the person can try again later, and the tool offers «Повторить».
 */
export class ClaudeUnavailableError extends ClaudeError {
  constructor(
    readonly reason: ClaudeRetryReason,
    attempts: number,
    usage: ClaudeUsage,
  ) {
    super(`Claude unavailable after ${attempts} attempt(s): ${reason}`, attempts, usage);
  }
}

/**
 * The API refused the request itself (400 invalid request, 401 bad key, 403, 404 unknown
 * model, 413 too large): trying again changes nothing, so it is not retried. An operator
 * must look; the person is told the tool cannot answer now.
 */
export class ClaudeRejectedError extends ClaudeError {
  constructor(
    /** The HTTP status, or null for an error event in the middle of a stream. */
    readonly status: number | null,
    /** The API's error type, e.g. `authentication_error`, `invalid_request_error`. */
    readonly type: string | null,
    attempts: number,
    usage: ClaudeUsage,
  ) {
    super(
      `Claude refused the request: ${status ?? 'stream'} ${type ?? ''}`.trim(),
      attempts,
      usage,
    );
  }
}

/** No ANTHROPIC_API_KEY on this server: the tool says AI is not configured; nothing is sent. */
export class ClaudeNotConfiguredError extends ClaudeError {
  constructor(usage: ClaudeUsage) {
    super('ANTHROPIC_API_KEY is not set: AI is not configured on this server', 0, usage);
  }
}
