/**
 * Telegram's limit for a message's text after entity parsing, in UTF-16 code units. The
 * local Bot API (libs/local-bot-api) refuses text over it with the same number; production
 * code reads it from here, so no service's bundle carries the test kit to know it.
 */
export const TELEGRAM_MESSAGE_LIMIT = 4096;
