import { appendLinkedText, linkElement } from './plain-text.js';

/**
 * Renders a bot's text sent with parse_mode HTML, safely: only the tags Telegram supports
 * become elements (built here, never through innerHTML), with only the attributes Telegram
 * reads; any other tag stays visible as the text it is. Entities: the four named ones
 * Telegram knows and numeric ones.
 */

/** Telegram's tag -> the element that shows it, or null when the tag needs a closer look. */
const SIMPLE_TAGS = {
  b: 'b',
  strong: 'b',
  i: 'i',
  em: 'i',
  u: 'u',
  ins: 'u',
  s: 's',
  strike: 's',
  del: 's',
  code: 'code',
  pre: 'pre',
  'tg-spoiler': 'spoiler',
  'tg-emoji': 'span',
};

const NAMED_ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"' };

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)\s*>/g;
const ATTRIBUTE = /([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

/** A DocumentFragment showing `source` as Telegram would. */
export function renderTelegramHtml(source) {
  const root = document.createDocumentFragment();
  const open = [{ name: null, node: root }];
  const current = () => open[open.length - 1];
  const appendText = (raw) => {
    const text = decodeEntities(raw);
    if (!text) return;
    // Telegram makes bare links clickable, but not inside code or an existing link.
    const isVerbatim = open.some((item) => ['a', 'code', 'pre'].includes(item.name));
    if (isVerbatim) current().node.append(text);
    else appendLinkedText(current().node, text);
  };

  let last = 0;
  for (const match of source.matchAll(TAG)) {
    appendText(source.slice(last, match.index));
    last = match.index + match[0].length;
    const [whole, closing, rawName, rawAttributes] = match;
    const name = rawName.toLowerCase();
    if (closing) {
      const depth = open.findLastIndex((item) => item.name === name);
      if (depth > 0) open.length = depth;
      else current().node.append(whole);
      continue;
    }
    const element = elementFor(name, attributesOf(rawAttributes));
    if (!element) {
      current().node.append(whole);
      continue;
    }
    current().node.append(element);
    open.push({ name, node: element });
  }
  appendText(source.slice(last));
  return root;
}

/** The element for an opening tag Telegram supports, or null for any other. */
function elementFor(name, attributes) {
  if (name === 'a') {
    const href = attributes.href ?? '';
    if (!/^(https?|tg|mailto):/i.test(href)) return document.createElement('span');
    return linkElement(href, '');
  }
  if (name === 'span') {
    return attributes.class === 'tg-spoiler' ? spoiler() : null;
  }
  if (name === 'blockquote') {
    const quote = document.createElement('blockquote');
    if ('expandable' in attributes) {
      quote.classList.add('expandable', 'collapsed');
      quote.title = 'Развернуть';
      quote.addEventListener('click', () => quote.classList.toggle('collapsed'));
    }
    return quote;
  }
  const tag = SIMPLE_TAGS[name];
  if (!tag) return null;
  if (tag === 'spoiler') return spoiler();
  const element = document.createElement(tag);
  if (name === 'code' && /^language-[\w+-]+$/.test(attributes.class ?? '')) {
    element.dataset.language = attributes.class.slice('language-'.length);
  }
  return element;
}

function spoiler() {
  const hidden = document.createElement('span');
  hidden.className = 'spoiler';
  hidden.title = 'Показать';
  hidden.addEventListener('click', () => hidden.classList.add('revealed'), { once: true });
  return hidden;
}

function attributesOf(raw) {
  const attributes = {};
  for (const [, name, doubleQuoted, singleQuoted, bare] of raw.matchAll(ATTRIBUTE)) {
    attributes[name.toLowerCase()] = decodeEntities(doubleQuoted ?? singleQuoted ?? bare ?? '');
  }
  return attributes;
}

function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body) => {
    const lowered = body.toLowerCase();
    if (lowered.startsWith('#')) {
      const code = lowered.startsWith('#x')
        ? Number.parseInt(lowered.slice(2), 16)
        : Number.parseInt(lowered.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[lowered] ?? entity;
  });
}
