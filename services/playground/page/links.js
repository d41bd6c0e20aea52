/**
 * What a link in a bot's message or button means here, as Telegram would treat it:
 * a t.me (or tg://resolve) link to one of the playground's bots opens that bot's chat and
 * sends /start with the link's payload; an invoice link (createInvoiceLink, t.me/$…) asks to
 * pay; anything else is an ordinary web page.
 */

/**
 * @returns {{ kind: 'bot', username: string, payload?: string }
 *   | { kind: 'invoice', link: string } | { kind: 'web', url: string }}
 */
export function classifyLink(href, bots) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return { kind: 'web', url: href };
  }
  const known = (name) =>
    bots.find((bot) => bot.username.toLowerCase() === (name ?? '').toLowerCase());

  if (url.protocol === 'tg:' && url.hostname === 'resolve') {
    const bot = known(url.searchParams.get('domain'));
    if (bot) return botLink(bot, url.searchParams.get('start'));
    return { kind: 'web', url: href };
  }
  const isTelegramHost = ['t.me', 'telegram.me', 'www.t.me'].includes(url.hostname);
  if (!isTelegramHost) return { kind: 'web', url: href };
  const path = decodeURIComponent(url.pathname.slice(1));
  if (path.startsWith('$')) return { kind: 'invoice', link: href };
  const bot = known(path.split('/')[0]);
  if (bot) return botLink(bot, url.searchParams.get('start'));
  return { kind: 'web', url: href };
}

function botLink(bot, payload) {
  return payload
    ? { kind: 'bot', username: bot.username, payload }
    : { kind: 'bot', username: bot.username };
}

/** Every t.me link to `username` with a start payload in a message: its text and its buttons. */
export function startLinksIn(message, username, bots) {
  const candidates = [
    ...(message.text?.match(/(?:https?:\/\/)?t\.me\/[^\s<>"«»]+/g) ?? []),
    ...(message.text?.match(/tg:\/\/resolve\?[^\s<>"«»]+/g) ?? []),
    ...(message.inlineKeyboard ?? []).flat().map((button) => button.url ?? ''),
  ];
  return candidates
    .map((raw) => (/^[a-z]+:/i.test(raw) ? raw : `https://${raw}`))
    .filter((href) => {
      const meaning = classifyLink(href, bots);
      return meaning.kind === 'bot' && meaning.username === username && meaning.payload;
    });
}
