/**
 * What the Bot API answers a call with: `{ ok: true, result }`, or a refusal whose
 * description is worded as Telegram words it (a bot's code matches on those words, e.g.
 * "message is not modified"), with the HTTP status equal to error_code.
 */
export type ApiAnswer =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

export const accepted = (result: unknown): ApiAnswer => ({ ok: true, result });

export const badRequest = (what: string): ApiAnswer => ({
  ok: false,
  error_code: 400,
  description: `Bad Request: ${what}`,
});

/** Telegram's flood answer: the caller may try again after `retryAfter` whole seconds. */
export const tooManyRequests = (retryAfter: number): ApiAnswer => ({
  ok: false,
  error_code: 429,
  description: `Too Many Requests: retry after ${retryAfter}`,
  parameters: { retry_after: retryAfter },
});

export const methodNotFound: ApiAnswer = {
  ok: false,
  error_code: 404,
  description: 'Not Found: method not found',
};
