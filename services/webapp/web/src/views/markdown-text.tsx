import type { ComponentChildren } from 'preact';

/**
 * A tool's result as it reads in the chat: paragraphs, headings (#), list lines, **bold**
 * and _italic_. Built as elements, never as HTML, so the model's text cannot inject markup.
 */
export function MarkdownText(props: { text: string }) {
  const blocks = props.text.split(/\n{2,}/);
  return (
    <div class="body">
      {blocks.map((block, index) => {
        const heading = /^#{1,6}\s+(.*)$/s.exec(block.trim());
        if (heading) return <h3 key={index}>{inline(heading[1] ?? '')}</h3>;
        return (
          <p key={index}>
            {block
              .split('\n')
              .flatMap((line, at) => (at === 0 ? [inline(line)] : [<br key={at} />, inline(line)]))}
          </p>
        );
      })}
    </div>
  );
}

/**
 * A backslash before punctuation is the character itself, never markup: the bots escape
 * what a client or the model wrote before composing a result (`\*`, `\[`, `\-`), so it
 * shows as written here as it does in the chat.
 */
const ESCAPE = /^\\[!-/:-@[-`{-~]$/;

function inline(text: string): ComponentChildren[] {
  return text
    .split(/(\\[!-/:-@[-`{-~]|\*\*[^*]+\*\*|__[^_]+__|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/g)
    .map((part, index) => {
      if (ESCAPE.test(part)) return part.slice(1);
      if (/^(\*\*|__).+\1$/.test(part)) return <strong key={index}>{part.slice(2, -2)}</strong>;
      if (/^([*_]).+\1$/.test(part)) return <em key={index}>{part.slice(1, -1)}</em>;
      return part;
    });
}
