/** Telegram updates are a few kilobytes; a megabyte leaves room for long texts and entities. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;
