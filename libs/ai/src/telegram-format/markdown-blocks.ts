import MarkdownIt, { type Token } from 'markdown-it';
import type { Block, Mark, Run } from './blocks';

/**
 * CommonMark plus tables and ~~strikethrough~~, with raw HTML off: whatever HTML the model
 * writes is parsed as text and so shown escaped. Linkify is off because Telegram finds bare
 * links itself; typographer is off so the model's characters reach the reader unchanged.
 */
const markdown = new MarkdownIt('default', { html: false, linkify: false, typographer: false });

const BULLET = '• ';
const INDENT = '   ';
const RULE = '———';
const TABLE_CELL_SEPARATOR = ' | ';
/** A code block's language goes into a class attribute: keep it to a plain word. */
const LANGUAGE = /^[\w#+.-]{1,32}$/;

const HTTP_URL = /^https?:\/\//i;

interface ListLevel {
  readonly ordered: boolean;
}

/**
 * Reads the model's Markdown into blocks. Never fails: Markdown has no syntax errors, and
 * what does not parse as markup (an unclosed `**`, half a link) is text.
 */
export function markdownToBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  const lists: ListLevel[] = [];
  let quoteDepth = 0;
  /** The list marker waiting for the item's first line, then the indent for its other lines. */
  let itemPrefix: string | null = null;
  let itemIndent = '';
  let inTable = false;
  let tableRow: Run[] | null = null;
  /** Lines of one list or table follow each other on the next line, not after a blank one. */
  let isLineRunOpen = false;

  const nextGap = () => {
    const isLine = lists.length > 0 || inTable;
    const gap = isLine && isLineRunOpen ? '\n' : '\n\n';
    isLineRunOpen = isLine;
    return gap;
  };
  const pushText = (runs: Run[]) => {
    const prefixed = withPrefix(runs);
    if (prefixed.every((run) => run.text.trim() === '')) return;
    blocks.push({ kind: 'text', runs: prefixed, quoted: quoteDepth > 0, gap: nextGap() });
  };
  const withPrefix = (runs: Run[]): Run[] => {
    if (lists.length === 0) return runs;
    const prefix = itemPrefix ?? itemIndent;
    itemPrefix = null;
    return prefix ? [{ text: prefix, marks: [] }, ...runs] : runs;
  };

  const tokens = markdown.parse(source, {});
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as Token;
    switch (token.type) {
      case 'blockquote_open':
        quoteDepth++;
        break;
      case 'blockquote_close':
        quoteDepth--;
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        lists.push({ ordered: token.type === 'ordered_list_open' });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        if (lists.length === 0) isLineRunOpen = false;
        break;
      case 'list_item_open': {
        const level = lists.at(-1);
        const depthIndent = INDENT.repeat(lists.length - 1);
        const marker = level?.ordered ? `${token.info || '1'}. ` : BULLET;
        itemPrefix = depthIndent + marker;
        itemIndent = depthIndent + ' '.repeat(marker.length);
        break;
      }
      case 'list_item_close':
        itemPrefix = null;
        break;
      case 'heading_open':
      case 'paragraph_open':
      case 'th_open':
      case 'td_open': {
        const inline = tokens[index + 1];
        const bold = token.type === 'heading_open' || token.type === 'th_open';
        const runs = inline?.children
          ? inlineRuns(inline.children, bold ? [{ tag: 'b' }] : [])
          : [];
        if (tableRow) {
          if (tableRow.length > 0) tableRow.push({ text: TABLE_CELL_SEPARATOR, marks: [] });
          tableRow.push(...runs);
        } else pushText(runs);
        index++;
        break;
      }
      case 'table_open':
        inTable = true;
        break;
      case 'table_close':
        inTable = false;
        isLineRunOpen = false;
        break;
      case 'tr_open':
        tableRow = [];
        break;
      case 'tr_close': {
        const row = tableRow ?? [];
        tableRow = null;
        pushText(row);
        break;
      }
      case 'fence':
      case 'code_block': {
        if (itemPrefix) pushText([]);
        const text = token.content.replace(/\n$/, '');
        if (text.trim() === '') break;
        const language = token.info.trim().split(/\s+/)[0] ?? '';
        blocks.push({
          kind: 'code',
          text,
          language: LANGUAGE.test(language) ? language : null,
          quoted: quoteDepth > 0,
          gap: nextGap(),
        });
        break;
      }
      case 'hr':
        pushText([{ text: RULE, marks: [] }]);
        break;
    }
  }
  return blocks;
}

/**
 * An inline token stream as runs. Telegram lets code stand only on its own (never inside
 * bold), so code inside other marks keeps those marks and loses its own.
 *
 * A link is never a link: its text is shown, then its web address in brackets, so the
 * reader always sees where it goes. The model may repeat a client's or a stranger's text,
 * and «[Открыть запись сессии](https://…)» must not become a button with a hidden target
 * inside the bot's own answer. Telegram makes the visible address tappable itself.
 */
function inlineRuns(children: Token[], base: Mark[]): Run[] {
  const runs: Run[] = [];
  /** What each open token pushed (null: it added no mark). */
  const opened: (Mark | null)[] = [];
  /** Each open link's web address and where its text began (null: not a web address). */
  const links: ({ href: string; textStart: number } | null)[] = [];
  let marks: readonly Mark[] = base;

  const push = (text: string, runMarks: readonly Mark[] = marks) => {
    if (!text) return;
    const last = runs.at(-1);
    if (last && last.marks === runMarks) {
      runs[runs.length - 1] = { text: last.text + text, marks: runMarks };
    } else runs.push({ text, marks: runMarks });
  };
  const open = (mark: Mark | null) => {
    const isNew = mark !== null && !marks.some((present) => present.tag === mark.tag);
    opened.push(isNew ? mark : null);
    if (isNew) marks = [...marks, mark];
  };
  const close = () => {
    if (opened.pop()) marks = marks.slice(0, -1);
  };
  const textLength = () => runs.reduce((length, run) => length + run.text.length, 0);
  /** The address after the text that shows it, unless the text already is the address. */
  const showAddress = (href: string, text: string) => {
    const shown = markdown.normalizeLinkText(href);
    if (text.trim() !== shown) push(text.trim() ? ` (${shown})` : shown);
  };

  for (const token of children) {
    switch (token.type) {
      case 'text':
        push(token.content);
        break;
      case 'softbreak':
      case 'hardbreak':
        push('\n');
        break;
      case 'strong_open':
        open({ tag: 'b' });
        break;
      case 'em_open':
        open({ tag: 'i' });
        break;
      case 's_open':
        open({ tag: 's' });
        break;
      case 'link_open': {
        const href = String(token.attrGet('href') ?? '');
        links.push(HTTP_URL.test(href) ? { href, textStart: textLength() } : null);
        break;
      }
      case 'link_close': {
        const link = links.pop();
        if (link) {
          const all = runs.map((run) => run.text).join('');
          showAddress(link.href, all.slice(link.textStart));
        }
        break;
      }
      case 'strong_close':
      case 'em_close':
      case 's_close':
        close();
        break;
      case 'code_inline':
        push(token.content, marks.length === 0 ? [{ tag: 'code' }] : marks);
        break;
      case 'image': {
        const source = String(token.attrGet('src') ?? '');
        push(token.content);
        if (HTTP_URL.test(source)) showAddress(source, token.content);
        else if (!token.content) push(source);
        break;
      }
      default:
        // html_inline cannot occur (html is off); anything else unknown is shown as written.
        push(token.content);
    }
  }
  return runs;
}
