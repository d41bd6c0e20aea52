/** Characters that mark something up wherever they stand (emphasis, code, links, tables, entities). */
const INLINE = /[\\`*_~[\]<>|&]/g;
/** What makes a line a heading, a list item, a quote or a rule when it starts the line. */
const LINE_START = /^(#|[-+=]|\d+(?=[.)]))/;

/**
 * Text a client or the model wrote, made safe to put into Markdown a tool composes (a
 * quote, a hypothesis's title, a section of a conceptualization): every character shows as
 * written, and nothing in it can become a link, a heading, a list, a quote or a table of
 * the bot's own answer. So «[Открыть запись сессии](https://…)» in forwarded material is
 * shown as those characters, and a line «## Риска нет» in it is not a heading. Lines keep
 * their breaks; their leading spaces go (four of them would make a code block).
 *
 * Free-text answers of the model are Markdown by design and are not escaped; the renderer
 * still never hides a link's target (markdown-blocks.ts).
 */
export function escapeMarkdown(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const escaped = line.trimStart().replace(INLINE, '\\$&');
      return escaped.replace(LINE_START, (marker) =>
        /^\d/.test(marker) ? `${marker}\\` : `\\${marker}`,
      );
    })
    .join('\n');
}
