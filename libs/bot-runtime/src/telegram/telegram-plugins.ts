import { autoRetry } from '@grammyjs/auto-retry';
import { HttpError, type Transformer } from 'grammy';
import type { ServiceConfig } from '../config/service-config';
import { rateLimit } from './rate-limit';
import { TelegramClient } from './telegram-client';

export interface TelegramPluginOptions {
  /** Calls per second for the whole bot (Telegram's limit is about 30). */
  perSecond?: number;
  /**
   * The least time between two messages to one chat (Telegram asks for about one per
   * second). Tests lower it so that a flow of a dozen steps does not take a dozen seconds.
   */
  perChatIntervalMs?: number;
  /** Calls one chat may get at once before the interval applies (default 3). */
  perChatBurst?: number;
}

/**
 * The Bot API plugins every bot service runs with, in production and in the test harness.
 * The replies (deferred-calls.ts) reach the network through them after commit, sent by the
 * bot's reply sender (replies/reply-sender.ts), so waiting here delays a reply, never a webhook.
 *
 * rate limit (rate-limit.ts): keeps the bot within Telegram's limits (about 30 calls/s
 * overall, about 1/s per chat after a short burst; the bots serve private chats only, so
 * the 20/min per group does not arise). It counts in memory; one process per bot sends
 * the replies at a time, so the budget holds across replicas.
 *
 * auto-retry (installed last, so it runs first and its retries pass the throttler again):
 * Telegram answers 429 with retry_after when a bot sends too fast, 5xx when it is unwell.
 * - maxDelaySeconds: a longer retry_after fails the call at once (logged by the flush);
 * - maxRetryAttempts: after 3 retries the refusal stands;
 * - rethrowHttpErrors: network errors are otherwise retried forever, whatever
 *   maxRetryAttempts says, which would also hold getMe (and so a webhook) without end;
 *   retryNetworkErrors gives them a few bounded tries instead.
 */
export function telegramPlugins(options: TelegramPluginOptions = {}): Transformer[] {
  return [
    rateLimit({
      perSecond: options.perSecond ?? 30,
      perChatIntervalMs: options.perChatIntervalMs ?? 1_000,
      perChatBurst: options.perChatBurst ?? 3,
    }),
    autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10, rethrowHttpErrors: true }),
    retryNetworkErrors(),
  ];
}

/**
 * A bounded retry of calls that never reached Telegram (a reset socket, a DNS hiccup):
 * auto-retry either rethrows those at once or retries them forever, and neither is right
 * for a reply that would otherwise be lost. Installed last, so it wraps everything else.
 */
export function retryNetworkErrors(attempts = 3, firstDelayMs = 200): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        if (!(error instanceof HttpError) || attempt >= attempts || signal?.aborted) throw error;
        await new Promise((resolve) => setTimeout(resolve, firstDelayMs * 2 ** (attempt - 1)));
      }
    }
  };
}

/** A bot service's Bot API client, with its plugins, as its configuration says: main and tests alike. */
export function telegramClientFor(
  config: Pick<
    ServiceConfig,
    'bot' | 'telegramApiRoot' | 'telegramPerSecond' | 'telegramChatIntervalMs' | 'telegramChatBurst'
  >,
): TelegramClient {
  return new TelegramClient({
    token: config.bot.token,
    apiRoot: config.telegramApiRoot,
    transformers: telegramPlugins({
      perSecond: config.telegramPerSecond,
      perChatIntervalMs: config.telegramChatIntervalMs,
      perChatBurst: config.telegramChatBurst,
    }),
  });
}
