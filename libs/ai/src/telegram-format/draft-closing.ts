/**
 * The end of an answer still being written, made to read as it will once finished, so a
 * preview shows **bold** and `code` as they are typed rather than flashing their markers:
 * an open `**`, `~~` or backtick in the last paragraph is closed, half a link shows its text,
 * and a marker just begun at the very end waits for what follows it.
 *
 * Only the last paragraph can be open (Markdown's inline syntax never spans a blank line), and
 * inside an open code fence nothing is touched: it already shows as code. The guesses are
 * deliberately few (no single `*` or `_`, which snake_case and lists make ambiguous); a wrong
 * one only changes how a preview looks for a moment, never whether Telegram accepts it.
 */
export function closeOpenMarkdown(partial: string): string {
  const fences = partial.match(/^ {0,3}(`{3,}|~{3,})/gm) ?? [];
  if (fences.length % 2 === 1) return partial;
  const start = partial.lastIndexOf('\n\n') + 1;
  let tail = partial
    .slice(start)
    .replace(/\[([^\]\n]*)\]\([^)\s]*$/, '$1')
    .replace(/(\*{1,3}|_{1,3}|~{1,2}|`{1,2}|\[)$/, '');
  // A closing marker must follow a non-space to close; trailing spaces show nothing anyway.
  tail = tail.trimEnd();
  if (count(tail, /`/g) % 2 === 1) return `${partial.slice(0, start)}${tail}\``;
  const outsideCode = tail.replace(/`[^`]*`/g, '');
  // Closed in the reverse order of opening, so `~~a **b` ends `**~~`.
  const open = PAIRED_MARKERS.filter(({ pattern }) => count(outsideCode, pattern) % 2 === 1)
    .map(({ marker }) => marker)
    // A marker followed by a space opens nothing (`2 ** 3`): there is nothing to close.
    .filter((marker) => /\S/.test(outsideCode[outsideCode.lastIndexOf(marker) + 2] ?? ''))
    .sort((a, b) => outsideCode.lastIndexOf(b) - outsideCode.lastIndexOf(a));
  return partial.slice(0, start) + tail + open.join('');
}

const PAIRED_MARKERS = [
  { marker: '**', pattern: /\*\*/g },
  { marker: '~~', pattern: /~~/g },
];

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;
