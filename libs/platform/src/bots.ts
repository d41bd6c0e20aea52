/** The five PsycheOS bots. The id is the path segment of the bot's webhook and the suffix of its variables. */
export const BOT_IDS = ['pro', 'screen', 'interpretator', 'conceptualizator', 'simulator'] as const;

export type BotId = (typeof BOT_IDS)[number];

export function isBotId(value: string): value is BotId {
  return (BOT_IDS as readonly string[]).includes(value);
}

/** `pro` -> `PRO`, the suffix of TG_TOKEN_PRO, TG_WEBHOOK_SECRET_PRO and SERVICE_URL_PRO. */
export function envSuffix(botId: BotId): string {
  return botId.toUpperCase();
}

export const VERSION = '0.1.0';

/**
 * The update types the bots handle, given to setWebhook as allowed_updates so
 * Telegram does not send (and the services do not store) anything else. Only pro sends
 * invoices, so only pro ever gets a pre_checkout_query; payments themselves arrive as
 * messages (successful_payment, refunded_payment).
 */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'pre_checkout_query'] as const;
