import { type ApiAnswer, badRequest } from './api-answer';
import type { InlineButton, ReplyButton } from './local-chats';

/** The fields that give an inline button its action: Telegram's docs say exactly one is used. */
const ACTION_FIELDS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
] as const;

const CALLBACK_DATA_MAX_BYTES = 64;

/**
 * Mini Apps open over https only, as Telegram demands. Loopback http is accepted as well:
 * the playground serves pro's dashboard from this machine over plain http, and a browser
 * treats loopback as a secure origin (the same exception as WEBAPP_URL's parser).
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * What Telegram refuses in a reply_markup: an inline button with no action or several
 * (the Bot API server would silently keep one of them; refused here so a bot's intent is
 * never a guess), callback_data outside 1–64 bytes of UTF-8, a web_app that is not https.
 */
export function refuseReplyMarkup(markup: unknown): ApiAnswer | null {
  if (markup === undefined || markup === null) return null;
  if (typeof markup !== 'object')
    return badRequest("can't parse reply keyboard markup JSON object");
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (rows === undefined) return null;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    return badRequest(
      'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays',
    );
  }
  for (const button of rows.flat() as unknown[]) {
    const refusal = refuseInlineButton(button);
    if (refusal) return refusal;
  }
  return null;
}

function refuseInlineButton(button: unknown): ApiAnswer | null {
  if (typeof button !== 'object' || button === null) {
    return badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  }
  const fields = button as Record<string, unknown>;
  if (typeof fields.text !== 'string') {
    return badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
  }
  const actions = ACTION_FIELDS.filter((field) => fields[field] !== undefined);
  if (actions.length === 0) {
    return badRequest(
      "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
  }
  if (actions.length > 1) {
    return badRequest(
      `can't parse inline keyboard button: exactly one of the optional fields must be used, not ${actions.join(' and ')}`,
    );
  }
  if (actions[0] === 'callback_data') {
    const data = fields.callback_data;
    const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : 0;
    if (bytes < 1 || bytes > CALLBACK_DATA_MAX_BYTES) return badRequest('BUTTON_DATA_INVALID');
  }
  if (actions[0] === 'web_app' && !isMiniAppUrl((fields.web_app as { url?: unknown }).url)) {
    return badRequest('BUTTON_URL_INVALID');
  }
  return null;
}

function isMiniAppUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'https:' || (protocol === 'http:' && LOOPBACK_HOSTS.has(hostname));
  } catch {
    return false;
  }
}

/** The inline keyboard a message carries, if its markup has one. */
export function inlineKeyboardOf(markup: unknown): InlineButton[][] | undefined {
  const rows = (markup as { inline_keyboard?: InlineButton[][] } | undefined)?.inline_keyboard;
  return rows && rows.length > 0 ? rows : undefined;
}

/** What a message's markup does to the chat's reply keyboard: sets it, removes it, or nothing. */
export function replyKeyboardChange(
  markup: unknown,
): { keyboard: ReplyButton[][] } | 'remove' | undefined {
  const fields = markup as { keyboard?: ReplyButton[][]; remove_keyboard?: boolean } | undefined;
  if (fields?.keyboard) return { keyboard: fields.keyboard };
  if (fields?.remove_keyboard) return 'remove';
  return undefined;
}
