/**
 * Text as Telegram shows it: the words as they are (never parsed as HTML), line breaks kept
 * (by the bubble's white-space: pre-wrap), and links and /commands made clickable, as
 * Telegram's clients do on their own. Clicks are handled once, on the message list
 * (links.js), through data-link and data-command.
 */

const LINK_OR_COMMAND =
  /(?<link>(?:https?:\/\/|tg:\/\/)[^\s<>"«»]*[^\s<>"«».,!?:;)\]]|\bt\.me\/[^\s<>"«»]*[^\s<>"«».,!?:;)\]])|(?<=^|[\s(])(?<command>\/[a-zA-Z][a-zA-Z0-9_]{0,31})(?=$|[\s.,!?:;)])/g;

/** Appends `text` to `parent`, with its links and commands clickable. */
export function appendLinkedText(parent, text) {
  let last = 0;
  for (const match of text.matchAll(LINK_OR_COMMAND)) {
    if (match.index > last) parent.append(text.slice(last, match.index));
    const { link, command } = match.groups;
    parent.append(link ? linkElement(link, link) : commandElement(command));
    last = match.index + match[0].length;
  }
  if (last < text.length) parent.append(text.slice(last));
}

/** A link the page follows itself when it is a bot's (links.js), else in a new tab. */
export function linkElement(href, label) {
  const absolute = /^[a-z]+:/i.test(href) ? href : `https://${href}`;
  const anchor = document.createElement('a');
  anchor.href = absolute;
  anchor.dataset.link = absolute;
  anchor.target = '_blank';
  anchor.rel = 'noopener noreferrer';
  anchor.textContent = label;
  return anchor;
}

function commandElement(command) {
  const anchor = document.createElement('a');
  anchor.href = '#';
  anchor.dataset.command = command;
  anchor.textContent = command;
  return anchor;
}
