import { HttpError, type Transformer } from 'grammy';

/**
 * What the last Bot API call said about the bot's link to Telegram.
 *
 * - checking: no call has finished yet (the service has just started);
 * - ok: Telegram answered (even a refusal of one message shows the link works);
 * - token_refused: Telegram says the token is not a bot's (401, or 404 to getMe): revoked
 *   in BotFather or mistyped. Nothing works until the token is replaced.
 * - unreachable: the call never got an answer from Telegram (DNS, a refused or reset
 *   connection, a timeout) or Telegram answered 5xx.
 */
export type TelegramLink =
  | { state: 'checking' }
  | { state: 'ok' }
  | { state: 'token_refused'; reason: string }
  | { state: 'unreachable'; reason: string };

export type LinkListener = (link: TelegramLink, previous: TelegramLink) => void;

/**
 * Watches every Bot API call the bot makes and keeps the latest verdict on its link to
 * Telegram, so /health can say that a bot cannot answer (the issue that made this: a
 * revoked token left every update 503 while /health said "ok").
 *
 * Listeners hear of each change of state once, so a refused token is one log line rather
 * than a line per update or per retry.
 */
export class TelegramStatus {
  #link: TelegramLink = { state: 'checking' };
  readonly #listeners = new Set<LinkListener>();

  get link(): TelegramLink {
    return this.#link;
  }

  /** Calls `listener` on every change from now on; returns the function that stops it. */
  onChange(listener: LinkListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * The transformer that records each call's outcome. Installed outside the retry plugins,
   * so it sees what a call finally came to, not each attempt.
   */
  readonly observer: Transformer = async (prev, method, payload, signal) => {
    try {
      const response = await prev(method, payload, signal);
      if (response.ok) this.#record({ state: 'ok' });
      else this.#recordRefusal(method, response.error_code, response.description);
      return response;
    } catch (error) {
      if (error instanceof HttpError && !signal?.aborted) {
        this.#record({ state: 'unreachable', reason: networkReason(error) });
      }
      throw error;
    }
  };

  #recordRefusal(method: string, code: number, description: string) {
    const reason = `${code}: ${description}`;
    if (code === 401 || (code === 404 && method === 'getMe')) {
      this.#record({ state: 'token_refused', reason });
    } else if (code >= 500) {
      this.#record({ state: 'unreachable', reason });
    } else {
      // A 400 or 403 about one message: Telegram knows the bot, so the link works.
      this.#record({ state: 'ok' });
    }
  }

  #record(link: TelegramLink) {
    const previous = this.#link;
    if (previous.state === link.state && reasonOf(previous) === reasonOf(link)) return;
    this.#link = link;
    for (const listener of this.#listeners) listener(link, previous);
  }
}

const reasonOf = (link: TelegramLink) => ('reason' in link ? link.reason : '');

/**
 * The cause of a network failure as an operator searches for it: the system error's code
 * (ENOTFOUND, ECONNREFUSED, ETIMEDOUT...) and the host, never the URL (it holds the token).
 */
export function networkReason(error: HttpError): string {
  let cause: unknown = error.error;
  for (let depth = 0; depth < 5 && cause instanceof Error; depth++) {
    const { code, hostname, address } = cause as {
      code?: string;
      hostname?: string;
      address?: string;
    };
    if (code) return [code, hostname ?? address].filter(Boolean).join(' ');
    cause = cause.cause ?? (cause as { error?: unknown }).error;
  }
  if (error.error instanceof Error && error.error.name === 'AbortError') return 'timeout';
  return 'network error';
}
