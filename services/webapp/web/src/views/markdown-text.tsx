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

function inline(text: string): ComponentChildren[] {
  return text
    .split(/(\*\*[^*]+\*\*|__[^_]+__|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/g)
    .map((part, index) => {
      if (/^(\*\*|__).+\1$/.test(part)) return <strong key={index}>{part.slice(2, -2)}</strong>;
      if (/^([*_]).+\1$/.test(part)) return <em key={index}>{part.slice(1, -1)}</em>;
      return part;
    });
}
