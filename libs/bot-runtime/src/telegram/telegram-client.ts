import { Api, type Transformer } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { createBotApiFetch } from './bot-api-fetch';
import { TelegramStatus } from './telegram-status';

export interface TelegramClientOptions {
  token: string;
  /** TELEGRAM_API_ROOT: api.telegram.org, a self-hosted Bot API server, or a test server. */
  apiRoot: string;
  /** Plugins every Api gets (auto-retry, throttling); they wrap the network call itself. */
  transformers?: readonly Transformer[];
  /** How long one Bot API call may take (BOT_API_TIMEOUT_SECONDS unless a test says otherwise). */
  timeoutSeconds?: number;
}

/**
 * One Bot API call at most this long. grammY's default is 500 s: a Bot API that accepts
 * connections and never answers kept the link "ok" on /health for minutes while replies
 * waited. Telegram answers within seconds; an upload of a chart is well within this.
 */
export const BOT_API_TIMEOUT_SECONDS = 30;

/**
 * One bot's connection to the Bot API: who the bot is (getMe, fetched once and
 * kept), and a fresh Api per update so each update's calls can be deferred.
 */
export class TelegramClient {
  readonly api: Api;
  /** What the bot's calls say about its link to Telegram (token refused, unreachable). */
  readonly status = new TelegramStatus();
  #me: Promise<UserFromGetMe> | undefined;
  readonly #fetch = createBotApiFetch();

  constructor(private readonly options: TelegramClientOptions) {
    this.api = this.createApi();
  }

  /** The bot's own user, as getMe returns it. A failed lookup is retried on the next call. */
  botInfo(): Promise<UserFromGetMe> {
    if (!this.#me) {
      this.#me = this.api.getMe().catch((error: unknown) => {
        this.#me = undefined;
        throw error;
      });
    }
    return this.#me;
  }

  /** A getMe that bypasses the kept answer: the health check's probe of the token. */
  async checkLink(): Promise<void> {
    await this.api.getMe().catch(() => undefined);
  }

  /**
   * An Api whose calls pass through `outer` first, then the status observer (so it sees a
   * call's final outcome), then the client's plugins. grammY runs the last installed
   * transformer first, hence the order below.
   */
  createApi(...outer: Transformer[]): Api {
    const api = new Api(this.options.token, {
      apiRoot: this.options.apiRoot,
      fetch: this.#fetch,
      timeoutSeconds: this.options.timeoutSeconds ?? BOT_API_TIMEOUT_SECONDS,
    });
    const transformers = [...(this.options.transformers ?? []), this.status.observer, ...outer];
    for (const transformer of transformers) {
      api.config.use(transformer);
    }
    return api;
  }
}
