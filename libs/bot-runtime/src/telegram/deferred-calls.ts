import type { Logger } from '@psycheos/platform';
import { type Api, InputFile, type Transformer } from 'grammy';
import { isShortLived, needsAnswerNow } from './call-kinds';

/** A Bot API call as the reply outbox stores it: the method and its JSON parameters. */
export interface OutgoingCall {
  method: string;
  payload: Record<string, unknown>;
}

interface ImmediateCall {
  method: string;
  send: () => Promise<{ ok: boolean; error_code?: number; description?: string }>;
}

/**
 * Holds the Bot API calls a handler makes until its transaction commits.
 *
 * Why: a reply must never announce a change that was rolled back, and waiting on
 * Telegram must not hold a database connection and the chat's lock. So writes resolve
 * at once with `true` and are kept here: messages and edits go to the reply outbox in
 * the update's own transaction (replies/), query answers and chat actions are sent
 * straight after commit (call-kinds.ts). Reads (get*) go through because the handler
 * needs their answer. A handler therefore cannot use the Message a send would return.
 */
export class DeferredTelegramCalls {
  readonly #durable: OutgoingCall[] = [];
  readonly #immediate: ImmediateCall[] = [];

  readonly transformer: Transformer = (prev, method, payload, signal) => {
    if (needsAnswerNow(method)) return prev(method, payload, signal);
    if (isShortLived(method)) {
      // `prev` is the client's plugins (auto-retry) and then the network, after commit.
      this.#immediate.push({ method, send: () => prev(method, payload) });
    } else {
      this.#durable.push({ method, payload: storable(method, payload) });
    }
    // The call's real result arrives only after commit; `true` stands in for it.
    return Promise.resolve({ ok: true, result: true }) as ReturnType<typeof prev>;
  };

  /** The calls to store in the reply outbox, in the order the handler made them. */
  get durable(): readonly OutgoingCall[] {
    return this.#durable;
  }

  /** Query answers or chat actions wait to be sent straight after commit. */
  get hasImmediate(): boolean {
    return this.#immediate.length > 0;
  }

  /**
   * Sends the query answers and chat actions, in order. A failure is logged and the
   * rest still go out: the change is committed, and each call stands on its own.
   */
  async flushImmediate(log: Logger): Promise<void> {
    for (const call of this.#immediate.splice(0)) {
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

/**
 * Defers, from a handler, a call that the bot's reply sender renders when its turn comes
 * (ReplySenderOptions.renderers): `method` is the renderer's name, `payload` what it needs
 * (ids, not content). It is stored in the reply outbox like any reply, in the chat's order,
 * which is how a handler sends a file: a photo is drawn and uploaded at send time.
 * Only inside the webhook pipeline, whose Api defers every call.
 */
export async function deferRenderedCall(
  api: Api,
  method: string,
  payload: Record<string, unknown>,
): Promise<void> {
  if (needsAnswerNow(method) || isShortLived(method) || !/^[A-Za-z]+$/.test(method)) {
    throw new Error(`${method} cannot name a rendered call`);
  }
  const raw = api.raw as unknown as Record<string, (params: unknown) => Promise<unknown>>;
  await (raw[method] as (params: unknown) => Promise<unknown>)(payload);
}

/**
 * The call's parameters as JSON. A file upload cannot wait in a table, so a handler that
 * tries one fails loudly here rather than losing the file: send files from a job instead.
 */
function storable(method: string, payload: unknown): Record<string, unknown> {
  const params = (payload ?? {}) as Record<string, unknown>;
  for (const value of Object.values(params)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((item) => item instanceof InputFile || hasInputFile(item))) {
      throw new Error(`${method} uploads a file, which a handler's deferred reply cannot carry`);
    }
  }
  return params;
}

const hasInputFile = (item: unknown): boolean =>
  typeof item === 'object' &&
  item !== null &&
  Object.values(item).some((inner) => inner instanceof InputFile);
