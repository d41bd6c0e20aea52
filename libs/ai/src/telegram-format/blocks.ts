/**
 * The answer as Telegram can show it: a list of blocks (a line or paragraph of styled text, or
 * a code block), each optionally inside the quote. Markdown's richer structure (headings,
 * lists, tables) is flattened into these by markdown-blocks.ts, so splitting and rendering
 * deal with two shapes only.
 */

/**
 * An inline style Telegram has a tag for. There is no link: an answer shows a link's address
 * as text (markdown-blocks.ts), never a target hidden behind other words.
 */
export interface Mark {
  readonly tag: 'b' | 'i' | 's' | 'code';
}

/** Text under the same marks, outermost first. `text` is the model's text, not yet escaped. */
export interface Run {
  readonly text: string;
  readonly marks: readonly Mark[];
}

interface BlockBase {
  /** Inside a Markdown quote (`> ...`); Telegram has one level of quote, so nesting flattens. */
  readonly quoted: boolean;
  /** What separates the block from the one before it when both land in one message. */
  readonly gap: string;
}

export interface TextBlock extends BlockBase {
  readonly kind: 'text';
  readonly runs: readonly Run[];
}

export interface CodeBlock extends BlockBase {
  readonly kind: 'code';
  readonly text: string;
  readonly language: string | null;
}

export type Block = TextBlock | CodeBlock;

/** The block's length as Telegram counts it after parsing the HTML (UTF-16 code units). */
export function blockLength(block: Block): number {
  if (block.kind === 'code') return block.text.length;
  let length = 0;
  for (const run of block.runs) length += run.text.length;
  return length;
}

export function blockText(block: TextBlock): string {
  return block.runs.map((run) => run.text).join('');
}
