/**
 * What Telegram's `parse_mode: 'HTML'` accepts, checked the way Telegram checks it, so the
 * local Bot API (and a test) refuses what Telegram would answer with "can't parse entities".
 *
 * The parse follows tdlib's `parse_html` (td/telegram/MessageEntity.cpp): the tags it knows,
 * its attribute syntax, its error texts. Where Telegram's documentation is stricter than its
 * server, this follows the documentation, so text that passes here keeps to the published
 * contract and cannot break when the server tightens: a bare `&` or `>` is refused (the server
 * takes them as text), only the four named entities are taken, and entities Telegram would
 * silently drop (anything inside code or pre, code inside a link or bold, a quote inside
 * anything, a link inside a link) are refused rather than lost.
 *
 * `length` is the text's length after parsing in UTF-16 code units, which is what Telegram's
 * 4096 limit counts (an emoji outside the Basic Multilingual Plane counts two).
 */
export type TelegramHtmlCheck = { ok: true; length: number } | { ok: false; reason: string };

/** Telegram's limit for a message's text after entity parsing. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Tags whose content is fixed-width text: nothing may be nested inside them. */
const FIXED_WIDTH = new Set(['code', 'pre']);
/** Tags that only style text: they may hold, and sit in, anything but fixed-width text. */
const STYLE = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'tg-spoiler']);
const KNOWN = new Set([...STYLE, ...FIXED_WIDTH, 'a', 'span', 'blockquote', 'tg-emoji', 'tg-time']);

interface OpenTag {
  name: string;
  /** Where the tag's text starts, to tell `<pre><code>` (one entity) from text around code. */
  textStart: number;
}

const isSpace = (char: string | undefined) =>
  char === ' ' || char === '\t' || char === '\n' || char === '\r';

export function checkTelegramHtml(html: string): TelegramHtmlCheck {
  const bytes = utf8Offsets(html);
  if (typeof bytes === 'string') return { ok: false, reason: bytes };
  const stack: OpenTag[] = [];
  let length = 0;
  let i = 0;
  while (i < html.length) {
    const char = html[i];
    if (char === '&') {
      const entity = readEntity(html, i);
      if (!entity) {
        return {
          ok: false,
          reason: `Unescaped "&" at byte offset ${bytes(i)}: write &amp; (only &lt; &gt; &amp; &quot; and numeric entities exist)`,
        };
      }
      length += entity.decoded.length;
      i = entity.end;
      continue;
    }
    if (char === '>') {
      return { ok: false, reason: `Unescaped ">" at byte offset ${bytes(i)}: write &gt;` };
    }
    if (char !== '<') {
      length += 1;
      i += 1;
      continue;
    }
    const tag =
      html[i + 1] === '/' ? readEndTag(html, i, stack, bytes) : readStartTag(html, i, bytes);
    if (typeof tag === 'string') return { ok: false, reason: tag };
    if (tag.kind === 'start') {
      const refusal = refuseNesting(tag.name, stack, length, bytes(i));
      if (refusal) return { ok: false, reason: refusal };
      stack.push({ name: tag.name, textStart: length });
    } else {
      const closed = stack.pop() as OpenTag;
      const parent = stack.at(-1);
      if (parent?.name === 'pre' && closed.name === 'code' && !startsWithPreEnd(html, tag.end)) {
        return {
          ok: false,
          reason: `Text after </code> inside <pre> at byte offset ${bytes(tag.end)}: Telegram would drop the code entity`,
        };
      }
    }
    i = tag.end;
  }
  const unclosed = stack.at(-1);
  if (unclosed) {
    return { ok: false, reason: `Can't find end tag corresponding to start tag ${unclosed.name}` };
  }
  return { ok: true, length };
}

/** `<pre><code>` is one entity only when `</code>` is followed at once by `</pre>`. */
function startsWithPreEnd(html: string, at: number): boolean {
  const preEnd = /<\/pre\s*>/iy;
  preEnd.lastIndex = at;
  return preEnd.test(html);
}

/**
 * Byte offsets as Telegram reports them (UTF-8), or a refusal when the text is not valid
 * UTF-16: a lone surrogate (half an emoji, cut by a careless split) cannot be sent at all.
 */
function utf8Offsets(text: string): ((index: number) => number) | string {
  const offsets = new Uint32Array(text.length + 1);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    offsets[i] = bytes;
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return loneSurrogate(i);
      offsets[i + 1] = bytes;
      bytes += 4;
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) return loneSurrogate(i);
    else bytes += 3;
  }
  offsets[text.length] = bytes;
  return (index) => offsets[index] ?? bytes;
}

const loneSurrogate = (index: number) =>
  `Strings must be encoded in UTF-8 (a lone surrogate at character ${index})`;

function readEntity(html: string, at: number): { decoded: string; end: number } | null {
  const match = /^&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([a-zA-Z]+));/.exec(
    html.slice(at, at + 12),
  );
  if (!match) return null;
  const [whole, hex, decimal, name] = match;
  if (name !== undefined) {
    const decoded = NAMED_ENTITIES[name];
    return decoded === undefined ? null : { decoded, end: at + whole.length };
  }
  const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal);
  const isCodePoint = code > 0 && code < 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
  return isCodePoint ? { decoded: String.fromCodePoint(code), end: at + whole.length } : null;
}

function refuseNesting(name: string, stack: OpenTag[], textLength: number, offset: number) {
  const parent = stack.at(-1);
  if (!parent) return null;
  const at = `at byte offset ${offset}`;
  if (parent.name === 'pre' && name === 'code' && parent.textStart === textLength) return null;
  if (FIXED_WIDTH.has(parent.name)) {
    return `Tag "${name}" inside "${parent.name}" ${at}: Telegram allows nothing inside code or pre`;
  }
  if (FIXED_WIDTH.has(name) && stack.some((open) => open.name !== 'blockquote')) {
    return `Tag "${name}" inside "${parent.name}" ${at}: code and pre may only stand alone or in a blockquote`;
  }
  if (name === 'blockquote')
    return `Tag "blockquote" inside "${parent.name}" ${at}: a quote can't be nested in anything`;
  if ((name === 'a' || name === 'tg-emoji') && stack.some((open) => open.name === 'a')) {
    return `Tag "${name}" inside "a" ${at}: links can't contain links`;
  }
  return null;
}

type Tag = { kind: 'start' | 'end'; name: string; end: number };

/** A start tag and its attributes, as tdlib reads them; a string is the refusal. */
function readStartTag(html: string, begin: number, bytes: (index: number) => number): Tag | string {
  const offset = bytes(begin);
  let i = begin + 1;
  while (i < html.length && !isSpace(html[i]) && html[i] !== '>') i++;
  if (i >= html.length) return `Unclosed start tag at byte offset ${offset}`;
  const name = html.slice(begin + 1, i).toLowerCase();
  if (!KNOWN.has(name)) return `Unsupported start tag "${name}" at byte offset ${offset}`;
  const attributes = new Map<string, string>();
  while (html[i] !== '>') {
    while (isSpace(html[i])) i++;
    if (html[i] === '>') break;
    const nameStart = i;
    while (i < html.length && !isSpace(html[i]) && html[i] !== '=' && html[i] !== '>') i++;
    const attribute = html.slice(nameStart, i).toLowerCase();
    if (i >= html.length) return `Unclosed start tag at byte offset ${offset}`;
    if (!attribute) {
      return `Empty attribute name in the tag "${name}" at byte offset ${bytes(nameStart)}`;
    }
    while (isSpace(html[i])) i++;
    if (html[i] !== '=') {
      attributes.set(attribute, '');
      continue;
    }
    i++;
    while (isSpace(html[i])) i++;
    if (i >= html.length) return `Unclosed start tag "${name}" at byte offset ${offset}`;
    const value = readAttributeValue(html, i, bytes);
    if (typeof value === 'string') return value;
    attributes.set(attribute, value.value);
    i = value.end;
    if (i >= html.length) return `Unclosed start tag at byte offset ${offset}`;
  }
  const refusal = refuseAttributes(name, attributes, offset);
  return refusal ?? { kind: 'start', name, end: i + 1 };
}

function readAttributeValue(
  html: string,
  at: number,
  bytes: (index: number) => number,
): { value: string; end: number } | string {
  const quote = html[at];
  if (quote !== '"' && quote !== "'") {
    let i = at;
    while (i < html.length && /[A-Za-z0-9.-]/.test(html[i] as string)) i++;
    if (i < html.length && !isSpace(html[i]) && html[i] !== '>') {
      return `Unexpected end of name token at byte offset ${bytes(at)}`;
    }
    return { value: html.slice(at, i).toLowerCase(), end: i };
  }
  let value = '';
  let i = at + 1;
  while (i < html.length && html[i] !== quote) {
    if (html[i] === '&') {
      const entity = readEntity(html, i);
      if (!entity) return `Unescaped "&" in an attribute at byte offset ${bytes(i)}: write &amp;`;
      value += entity.decoded;
      i = entity.end;
      continue;
    }
    if (html[i] === '<' || html[i] === '>') {
      return `Unescaped "${html[i]}" in an attribute at byte offset ${bytes(i)}`;
    }
    value += html[i];
    i++;
  }
  return { value, end: i < html.length ? i + 1 : i };
}

function refuseAttributes(name: string, attributes: Map<string, string>, offset: number) {
  const at = `at byte offset ${offset}`;
  if (name === 'span' && attributes.get('class') !== 'tg-spoiler') {
    return `Tag "span" must have class "tg-spoiler" ${at}`;
  }
  if (name === 'tg-emoji' && !/^\d+$/.test(attributes.get('emoji-id') ?? '')) {
    return `Custom emoji identifier must be non-empty ${at}`;
  }
  if (name === 'a') {
    const href = attributes.get('href');
    if (href !== undefined && !/^(https?|tg|ton|mailto):/i.test(href)) {
      return `Link "${href}" ${at} is not an absolute URL Telegram would keep`;
    }
  }
  return null;
}

function readEndTag(
  html: string,
  begin: number,
  stack: OpenTag[],
  bytes: (index: number) => number,
): Tag | string {
  const offset = bytes(begin);
  if (stack.length === 0) return `Unexpected end tag at byte offset ${offset}`;
  let i = begin + 2;
  while (i < html.length && !isSpace(html[i]) && html[i] !== '>') i++;
  const name = html.slice(begin + 2, i).toLowerCase();
  while (isSpace(html[i])) i++;
  if (html[i] !== '>') return `Unclosed end tag at byte offset ${offset}`;
  const open = stack.at(-1) as OpenTag;
  if (name && name !== open.name) {
    return `Unmatched end tag at byte offset ${offset}, expected "</${open.name}>", found "</${name}>"`;
  }
  return { kind: 'end', name: open.name, end: i + 1 };
}
