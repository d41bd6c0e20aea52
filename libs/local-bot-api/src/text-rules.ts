import { type ApiAnswer, badRequest } from './api-answer';
import { checkTelegramHtml, TELEGRAM_MESSAGE_LIMIT } from './telegram-html';

/** Telegram's limit for a photo's or document's caption after entity parsing. */
export const TELEGRAM_CAPTION_LIMIT = 1024;

/**
 * What Telegram refuses in a message's text: HTML it cannot parse (checkTelegramHtml, the
 * same rules), more than 4096 characters after parsing, or no text at all (a draft may be
 * empty: Telegram then shows "Thinking...").
 */
export function refuseText(
  params: Record<string, unknown>,
  { isEmptyAllowed }: { isEmptyAllowed: boolean },
): ApiAnswer | null {
  const text = typeof params.text === 'string' ? params.text : '';
  const length = parsedLength(text, params.parse_mode);
  if (typeof length === 'string') return badRequest(length);
  if (length > TELEGRAM_MESSAGE_LIMIT) return badRequest('message is too long');
  if (!isEmptyAllowed && text.trim() === '') return badRequest('message text is empty');
  return null;
}

/** A media caption: optional, parsed as text is, at most 1024 characters after parsing. */
export function refuseCaption(params: Record<string, unknown>): ApiAnswer | null {
  if (params.caption === undefined) return null;
  const length = parsedLength(String(params.caption), params.parse_mode);
  if (typeof length === 'string') return badRequest(length);
  if (length > TELEGRAM_CAPTION_LIMIT) return badRequest('message caption is too long');
  return null;
}

/** The length Telegram counts, or why it cannot parse the text. */
function parsedLength(text: string, parseMode: unknown): number | string {
  if (parseMode !== 'HTML') return text.length;
  const check = checkTelegramHtml(text);
  return check.ok ? check.length : `can't parse entities: ${check.reason}`;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/**
 * The text as the person sees it and as Telegram gives it back in a Message: tags gone,
 * entities decoded. Only for text that passed refuseText, so the HTML is well formed.
 */
export function visibleText(text: string, parseMode: unknown): string {
  if (parseMode !== 'HTML') return text;
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([a-z]+));/g, (whole, hex, decimal, name) => {
      if (name !== undefined) return NAMED_ENTITIES[name] ?? whole;
      return String.fromCodePoint(hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal));
    });
}
