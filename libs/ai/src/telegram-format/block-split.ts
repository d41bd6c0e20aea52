import {
  type Block,
  blockLength,
  blockText,
  type CodeBlock,
  type Run,
  type TextBlock,
} from './blocks';

/**
 * A block longer than a message, cut into pieces that each fit. Text is cut where a reader
 * would pause: at a line break, else after a sentence, else between words, and only as a last
 * resort inside a word (never inside an emoji's surrogate pair). Code is cut between lines
 * into separate code blocks. A cut is looked for in the second half of the room, so a piece is
 * never needlessly short.
 */
export function splitBlock(block: Block, limit: number): Block[] {
  if (blockLength(block) <= limit) return [block];
  return block.kind === 'code' ? splitCode(block, limit) : splitText(block, limit);
}

interface Cut {
  /** Where the piece ends (exclusive). */
  end: number;
  /** Where the next piece starts: past the whitespace at the cut. */
  next: number;
  /** What stood at the cut, kept as the gap should both pieces share a message after all. */
  gap: string;
}

function findCut(text: string, start: number, limit: number, isCode: boolean): Cut {
  const hardEnd = start + limit;
  const floor = start + Math.floor(limit / 2);
  const window = text.slice(start, hardEnd + 1);
  const patterns = isCode ? [/\n/g] : [/\n/g, /[.!?…;:](?=\s)/g, /\s/g];
  for (const pattern of patterns) {
    let best = -1;
    for (const match of window.matchAll(pattern)) {
      // A cut at whitespace drops it; a cut after a sentence keeps its full stop.
      const end = start + match.index + (/\s/.test(match[0]) ? 0 : 1);
      if (end <= hardEnd && end > start) best = end;
    }
    if (best >= floor) return cutAt(text, best);
  }
  let end = hardEnd;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { end, next: end, gap: '' };
}

/** A cut at `end`, with the whitespace there dropped from both pieces. */
function cutAt(text: string, at: number): Cut {
  let end = at;
  while (end > 0 && /\s/.test(text[end - 1] as string)) end--;
  let next = at;
  while (next < text.length && /\s/.test(text[next] as string)) next++;
  const skipped = text.slice(end, next);
  return { end, next, gap: skipped.includes('\n') ? '\n' : skipped ? ' ' : '' };
}

function splitCode(block: CodeBlock, limit: number): CodeBlock[] {
  const pieces: CodeBlock[] = [];
  let start = 0;
  let gap = block.gap;
  while (start < block.text.length) {
    const rest = block.text.length - start;
    const cut =
      rest <= limit
        ? { end: block.text.length, next: block.text.length, gap: '' }
        : findCode(block.text, start, limit);
    pieces.push({ ...block, text: block.text.slice(start, cut.end), gap });
    gap = '\n';
    start = cut.next;
  }
  return pieces;
}

/** Code keeps its indentation: only the line break at the cut is dropped. */
function findCode(text: string, start: number, limit: number): Cut {
  const cut = findCut(text, start, limit, true);
  if (cut.gap === '') return cut;
  const lineBreak = text.indexOf('\n', cut.end);
  return { end: lineBreak, next: lineBreak + 1, gap: '\n' };
}

function splitText(block: TextBlock, limit: number): TextBlock[] {
  const text = blockText(block);
  const pieces: TextBlock[] = [];
  let start = 0;
  let gap = block.gap;
  while (start < text.length) {
    const cut =
      text.length - start <= limit
        ? { end: text.length, next: text.length, gap: '' }
        : findCut(text, start, limit, false);
    pieces.push({ ...block, runs: sliceRuns(block.runs, start, cut.end), gap });
    gap = cut.gap;
    start = cut.next;
  }
  return pieces.filter((piece) => blockLength(piece) > 0);
}

/** The runs covering characters [from, to) of the block's text, their marks kept. */
function sliceRuns(runs: readonly Run[], from: number, to: number): Run[] {
  const slice: Run[] = [];
  let offset = 0;
  for (const run of runs) {
    const runEnd = offset + run.text.length;
    if (runEnd > from && offset < to) {
      const text = run.text.slice(Math.max(from - offset, 0), Math.min(to, runEnd) - offset);
      if (text) slice.push({ text, marks: run.marks });
    }
    offset = runEnd;
    if (offset >= to) break;
  }
  return slice;
}
