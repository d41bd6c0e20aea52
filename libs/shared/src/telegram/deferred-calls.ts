import type { Transformer } from 'grammy';
import type { Logger } from '../observability/logger';

interface DeferredCall {
  method: string;
  send: () => Promise<{ ok: boolean; error_code?: number; description?: string }>;
}

/**
 * Holds the Bot API calls a handler makes until its transaction has committed.
 *
 * Why: a reply must never announce a change that was rolled back, and waiting on
 * Telegram must not hold a database connection and the chat's lock. So writes
 * (sendMessage, editMessageText, answerCallbackQuery ...) are queued and resolve
 * at once with `true`; reads (get*) go straight through because the handler needs
 * their answer. A handler therefore cannot use the Message a send would return.
 */
export class DeferredTelegramCalls {
  readonly #calls: DeferredCall[] = [];

  readonly transformer: Transformer = (prev, method, payload, signal) => {
    if (method.startsWith('get')) return prev(method, payload, signal);
    // `prev` is the client's plugins (auto-retry) and then the network: a queued call is
    // retried when it is flushed, after commit, never while the transaction is open.
    this.#calls.push({ method, send: () => prev(method, payload) });
    // The queued call's real result arrives only after commit; `true` stands in for it.
    return Promise.resolve({ ok: true, result: true }) as ReturnType<typeof prev>;
  };

  get size(): number {
    return this.#calls.length;
  }

  /**
   * Sends the queued calls in the order they were made. A failure is logged and the
   * rest still go out: the change is committed, and each call stands on its own.
   */
  async flush(log: Logger): Promise<void> {
    for (const call of this.#calls.splice(0)) {
      try {
        const response = await call.send();
        if (!response.ok) {
          log.warn(
            {
              method: call.method,
              error_code: response.error_code,
              description: response.description,
            },
            'Telegram refused a call',
          );
        }
      } catch (error) {
        log.warn({ method: call.method, err: error }, 'Telegram call failed');
      }
    }
  }
}
