/**
 * What a test scripts the fake Anthropic API to answer. One reply answers one HTTP request
 * (a retry is a new request, and takes the next reply).
 */
export type FakeReply =
  | FakeTextReply
  | FakeToolReply
  | FakeErrorReply
  | FakeStreamErrorReply
  | FakeCutReply
  | { hang: true };

interface Pacing {
  /** Characters per text delta (default 16); a tool's JSON goes in deltas of the same size. */
  chunkSize?: number;
  /** Pause between two deltas (default 0). */
  chunkDelayMs?: number;
  /** Pause before the first delta, after message_start (default 0). */
  firstTokenDelayMs?: number;
}

export interface FakeTextReply extends Pacing {
  text: string;
  stopReason?: 'end_turn' | 'max_tokens' | 'stop_sequence';
}

/** A tool_use block (after an optional text block), stop_reason "tool_use". */
export interface FakeToolReply extends Pacing {
  /** `name` defaults to the tool the request's tool_choice names. */
  toolUse: { name?: string; input: unknown };
  text?: string;
}

/** An HTTP error in the API's JSON shape, before any stream starts. */
export interface FakeErrorReply {
  error: 400 | 401 | 403 | 404 | 408 | 429 | 500 | 503 | 529;
  /** Sent as `retry-after` (seconds). */
  retryAfterSeconds?: number;
  /** Sent as `retry-after-ms`. */
  retryAfterMs?: number;
  message?: string;
}

/** A stream that starts, sends some text, then an `error` event (as the API does when overloaded mid-answer). */
export interface FakeStreamErrorReply extends Pacing {
  streamError: 'overloaded_error' | 'api_error';
  text?: string;
  /** Deltas sent before the error (default 1). */
  afterChunks?: number;
}

/** A stream whose connection dies after `cutAfterChunks` deltas, with no error event. */
export interface FakeCutReply extends Pacing {
  cutAfterChunks: number;
  text?: string;
}

export const ERROR_TYPES: Readonly<Record<FakeErrorReply['error'], string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  408: 'timeout_error',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'api_error',
  529: 'overloaded_error',
};

export const ERROR_MESSAGES: Readonly<Record<string, string>> = {
  invalid_request_error: 'Invalid request',
  authentication_error: 'invalid x-api-key',
  permission_error: 'Your API key does not have permission to use the specified resource.',
  not_found_error: 'The requested resource could not be found.',
  timeout_error: 'Request timeout',
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit',
  api_error: 'Internal server error',
  overloaded_error: 'Overloaded',
};

/** A reply's pieces in the order the stream sends them. */
export function chunksOf(text: string, size: number): string[] {
  const chunks: string[] = [];
  const characters = Array.from(text);
  for (let i = 0; i < characters.length; i += size) {
    chunks.push(characters.slice(i, i + size).join(''));
  }
  return chunks;
}
