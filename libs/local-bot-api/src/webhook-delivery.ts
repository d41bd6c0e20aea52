import { setTimeout as sleep } from 'node:timers/promises';
import type { Update } from 'grammy/types';
import { botIdOf } from './bot-directory';

/** What a bot registered with setWebhook. */
export interface Webhook {
  url: string;
  secretToken?: string;
  /** Update types the bot wants; unset: all the usual ones. */
  allowedUpdates?: string[];
}

/** Telegram's header carrying the secret_token, so the bot knows the update is Telegram's. */
export const SECRET_TOKEN_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 30_000;
const WEBHOOK_TIMEOUT_MS = 60_000;

interface BotQueue {
  updates: Update[];
  isDraining: boolean;
  lastError?: { date: number; message: string };
}

/**
 * Updates go to each bot's webhook as Telegram sends them: one queue per bot, in order,
 * each update retried until the bot answers 2xx (after 1 s, 2 s, 4 s … at most 30 s
 * apart), never dropped, and a bot that is down holds up no other bot. An update waits in
 * its queue while the bot has no webhook and goes out once it sets one.
 *
 * update_id grows by one per bot and never repeats: the services drop an update whose id
 * they have handled before, so an id that came back after a restart (or after the kept
 * ids were lost) would vanish unseen. Hence the first id of a run is at least the clock's
 * milliseconds, above anything an earlier run can have given out.
 */
export function createWebhookDelivery(onIdsChange: () => void) {
  const webhooks = new Map<string, Webhook>();
  const queues = new Map<string, BotQueue>();
  const lastUpdateIds = new Map<number, number>();
  const firstIdOfThisRun = Date.now();
  const closing = new AbortController();

  const queueOf = (token: string): BotQueue => {
    let queue = queues.get(token);
    if (!queue) {
      queue = { updates: [], isDraining: false };
      queues.set(token, queue);
    }
    return queue;
  };

  const nextUpdateId = (token: string) => {
    const botId = botIdOf(token);
    const id = Math.max((lastUpdateIds.get(botId) ?? 0) + 1, firstIdOfThisRun);
    lastUpdateIds.set(botId, id);
    onIdsChange();
    return id;
  };

  /** An answer from the bot, or why there was none, as getWebhookInfo words it. */
  const post = async (webhook: Webhook, update: Update): Promise<string | null> => {
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(webhook.secretToken && { [SECRET_TOKEN_HEADER]: webhook.secretToken }),
        },
        body: JSON.stringify(update),
        signal: AbortSignal.any([closing.signal, AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)]),
      });
      await response.arrayBuffer();
      return response.ok
        ? null
        : `Wrong response from the webhook: ${response.status} ${response.statusText}`;
    } catch (error) {
      return `Connection failed: ${(error as Error).cause ?? (error as Error).message}`;
    }
  };

  const drain = async (token: string) => {
    const queue = queueOf(token);
    if (queue.isDraining) return;
    queue.isDraining = true;
    let failures = 0;
    try {
      while (!closing.signal.aborted) {
        const webhook = webhooks.get(token);
        const update = queue.updates[0];
        if (!webhook || !update) return;
        if (!isWanted(update, webhook)) {
          queue.updates.shift();
          continue;
        }
        const failure = await post(webhook, update);
        if (failure === null) {
          queue.updates.shift();
          failures = 0;
          continue;
        }
        queue.lastError = { date: Math.floor(Date.now() / 1000), message: failure };
        const waitMs = Math.min(FIRST_RETRY_MS * 2 ** failures++, LONGEST_RETRY_MS);
        await sleep(waitMs, undefined, { signal: closing.signal }).catch(() => {});
      }
    } finally {
      queue.isDraining = false;
    }
  };

  return {
    setWebhook(token: string, webhook: Webhook): void {
      webhooks.set(token, webhook);
      void drain(token);
    },
    deleteWebhook(token: string, { dropPendingUpdates }: { dropPendingUpdates: boolean }): void {
      webhooks.delete(token);
      if (dropPendingUpdates) queueOf(token).updates.length = 0;
    },
    webhookOf: (token: string) => webhooks.get(token),
    /** Tokens of the bots that have a webhook now. */
    registeredTokens: () => [...webhooks.keys()],
    /** getWebhookInfo's answer. */
    info(token: string) {
      const queue = queueOf(token);
      const webhook = webhooks.get(token);
      return {
        url: webhook?.url ?? '',
        has_custom_certificate: false,
        pending_update_count: queue.updates.length,
        ...(queue.lastError && {
          last_error_date: queue.lastError.date,
          last_error_message: queue.lastError.message,
        }),
        ...(webhook?.allowedUpdates && { allowed_updates: webhook.allowedUpdates }),
      };
    },
    /** Queues an update for the bot, numbered here; `build` gets its update_id. */
    enqueue(token: string, build: (updateId: number) => Update): Update {
      const update = build(nextUpdateId(token));
      queueOf(token).updates.push(update);
      void drain(token);
      return update;
    },
    snapshotIds: (): Record<string, number> => Object.fromEntries(lastUpdateIds),
    restoreIds(ids: Record<string, number>): void {
      for (const [botId, id] of Object.entries(ids)) lastUpdateIds.set(Number(botId), id);
    },
    close(): void {
      closing.abort();
    },
  };
}

export type WebhookDelivery = ReturnType<typeof createWebhookDelivery>;

/** An update of a type the bot left out of allowed_updates is one Telegram never makes. */
function isWanted(update: Update, webhook: Webhook): boolean {
  if (!webhook.allowedUpdates || webhook.allowedUpdates.length === 0) return true;
  const kind = Object.keys(update).find((key) => key !== 'update_id');
  return kind !== undefined && webhook.allowedUpdates.includes(kind);
}
