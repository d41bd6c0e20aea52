import { TELEGRAM_MESSAGE_LIMIT } from '@psycheos/bot-runtime';
import { splitBlock } from './block-split';
import { type Block, blockLength } from './blocks';
import { closeOpenMarkdown } from './draft-closing';
import { renderMessage } from './html-render';
import { markdownToBlocks } from './markdown-blocks';

export interface TelegramFormatOptions {
  /**
   * The most text one message may hold after Telegram parses its HTML, in UTF-16 code units
   * (Telegram's own limit, 4096, by default; at least 2, so an emoji always fits).
   */
  limit?: number;
}

/**
 * The model's Markdown answer as the HTML messages to send with `parse_mode: 'HTML'`, in
 * order. Each one is well formed on its own and holds at most `limit` characters of text;
 * messages break between paragraphs, list items and code blocks, and a paragraph or code
 * block too long for one message is cut (see block-split.ts). Every character the model wrote
 * is escaped, HTML included; a link shows its text and then its web address, never a hidden
 * target (an address that is not http(s) is dropped). Headings become bold
 * lines, list items "• " or "1. " lines, table rows "a | b" lines (the header bold), since
 * Telegram has none of these. An empty or blank answer gives no message.
 *
 * @example
 *   for (const html of renderTelegramMessages(answer)) await api.sendMessage(chatId, html, { parse_mode: 'HTML' });
 */
export function renderTelegramMessages(
  markdown: string,
  options: TelegramFormatOptions = {},
): string[] {
  const limit = messageLimit(options);
  return packMessages(fittingBlocks(markdown, limit), limit).map(renderMessage);
}

/**
 * A streaming preview (sendMessageDraft, or an edited placeholder) of an answer still being
 * written. The partial Markdown is rendered as a finished answer is, so the preview is always
 * valid HTML, after its open end is closed (draft-closing.ts): an open `**` shows as bold, an
 * open backtick as code, half a link as its text, and an open code fence as code to the end.
 *
 * It is the first message of the answer as rendered so far (at most `limit` characters): once
 * the answer outgrows one message the preview stays on its beginning and the final messages
 * carry the rest. Showing the tail instead would make the text jump away while the person
 * reads it, and the preview's last state is then the same as the first final message.
 * An empty answer gives '' (Telegram then shows its "Thinking..." placeholder).
 */
export function renderTelegramDraft(
  partialMarkdown: string,
  options: TelegramFormatOptions = {},
): string {
  const limit = messageLimit(options);
  // A stream cut between the two halves of an emoji: the first half waits for the next delta.
  const source = wellFormed(closeOpenMarkdown(partialMarkdown.replace(/[\ud800-\udbff]$/, '')));
  // Only the first message is shown, so only the Markdown it needs is parsed: a window of
  // the source, widened until the message ends before the window's last block (which the
  // window may have cut short). A preview is redrawn many times a minute; re-reading a long
  // answer whole each time would cost far more.
  for (let window = limit * 2; ; window *= 2) {
    const isWhole = window >= source.length;
    const blocks = markdownToBlocks(isWhole ? source : source.slice(0, window));
    const pieces = blocks.flatMap((block) => splitBlock(block, limit));
    const [first] = packMessages(pieces, limit);
    if (isWhole) return first ? renderMessage(first) : '';
    const last = blocks.at(-1);
    const piecesBeforeLast = pieces.length - (last ? splitBlock(last, limit).length : 0);
    if (first && first.length <= piecesBeforeLast) return renderMessage(first);
  }
}

function messageLimit(options: TelegramFormatOptions): number {
  const limit = options.limit ?? TELEGRAM_MESSAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 2) {
    throw new RangeError(`limit must be an integer of at least 2, got ${limit}`);
  }
  return limit;
}

function fittingBlocks(markdown: string, limit: number): Block[] {
  return markdownToBlocks(wellFormed(markdown)).flatMap((block) => splitBlock(block, limit));
}

/**
 * Half a surrogate pair cannot be sent to Telegram (it is not UTF-8): it becomes U+FFFD, as
 * String.prototype.toWellFormed would make it (not in Node 20's ES2023 typings).
 */
function wellFormed(text: string): string {
  return text.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ufffd',
  );
}

/** Blocks (each fitting on its own) packed greedily into messages; a gap at a break is dropped. */
function packMessages(blocks: readonly Block[], limit: number): Block[][] {
  const messages: Block[][] = [];
  let current: Block[] = [];
  let length = 0;
  for (const block of blocks) {
    const added = current.length === 0 ? blockLength(block) : block.gap.length + blockLength(block);
    if (current.length > 0 && length + added > limit) {
      messages.push(current);
      current = [block];
      length = blockLength(block);
    } else {
      current.push(block);
      length += added;
    }
  }
  if (current.length > 0) messages.push(current);
  return messages;
}
