import type { Block, Mark, Run } from './blocks';

/** Every character the model wrote goes through here: Telegram reads `<`, `>` and `&` as markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (char) =>
    char === '&' ? '&amp;' : char === '<' ? '&lt;' : '&gt;',
  );
}

const openTag = (mark: Mark) => `<${mark.tag}>`;

const closeTag = (mark: Mark) => `</${mark.tag}>`;

/**
 * Styled text as HTML whose tags always nest: between two runs, the marks they do not share
 * are closed (innermost first) and the new ones opened, so any slice of runs renders balanced.
 */
function renderRuns(runs: readonly Run[]): string {
  let html = '';
  let open: readonly Mark[] = [];
  for (const run of runs) {
    let shared = 0;
    while (
      shared < open.length &&
      shared < run.marks.length &&
      open[shared] === run.marks[shared]
    ) {
      shared++;
    }
    for (let i = open.length - 1; i >= shared; i--) html += closeTag(open[i] as Mark);
    for (let i = shared; i < run.marks.length; i++) html += openTag(run.marks[i] as Mark);
    html += escapeHtml(run.text);
    open = run.marks;
  }
  for (let i = open.length - 1; i >= 0; i--) html += closeTag(open[i] as Mark);
  return html;
}

function renderBlock(block: Block): string {
  if (block.kind === 'text') return renderRuns(block.runs);
  const code = escapeHtml(block.text);
  return block.language
    ? `<pre><code class="language-${block.language}">${code}</code></pre>`
    : `<pre>${code}</pre>`;
}

/** One message: its blocks joined by their gaps, consecutive quoted blocks in one quote. */
export function renderMessage(blocks: readonly Block[]): string {
  let html = '';
  let isQuoteOpen = false;
  blocks.forEach((block, index) => {
    if (isQuoteOpen && !block.quoted) {
      html += '</blockquote>';
      isQuoteOpen = false;
    }
    if (index > 0) html += block.gap;
    if (block.quoted && !isQuoteOpen) {
      html += '<blockquote>';
      isQuoteOpen = true;
    }
    html += renderBlock(block);
  });
  return isQuoteOpen ? `${html}</blockquote>` : html;
}
