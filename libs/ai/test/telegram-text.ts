import { checkTelegramHtml } from '@psycheos/local-bot-api';

/** The text a person sees once Telegram has parsed a message's HTML (tags gone, entities decoded). */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}

/** Asserts Telegram would take the message, and returns its length after parsing. */
export function acceptedLength(html: string): number {
  const check = checkTelegramHtml(html);
  if (!check.ok) throw new Error(`Telegram would refuse ${JSON.stringify(html)}: ${check.reason}`);
  return check.length;
}

/** A small seeded generator, so a fuzz test fails the same way every time. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
