import { describe, expect, it } from 'vitest';
import { renderTelegramDraft, renderTelegramMessages } from '../src/index';
import { acceptedLength, seededRandom, visibleText } from './telegram-text';

const only = (markdown: string) => {
  const messages = renderTelegramMessages(markdown);
  expect(messages).toHaveLength(1);
  acceptedLength(messages[0] as string);
  return messages[0] as string;
};

/** An answer as the Interpretator might write it: every construct the model tends to use. */
const RICH_ANSWER = `## Рабочие гипотезы

1. **Избегание как защита.** Клиент говорит: «я _никогда_ не справлюсь с этим», и переносит встречи.
2. *Перфекционизм*: \`all_or_nothing\` мышление, см. [обзор](https://example.org/review?a=1&b="2").
   - вложенный пункт с ~~зачёркнутым~~ текстом
   - ещё один, с <i>HTML</i> от модели & амперсандом

> «Мне стыдно, что я опять сорвалась» — ключевая цитата.
> Вторая строка цитаты с **жирным**.

| Индикатор | Цитата |
|---|---|
| Риск | «не хочу просыпаться» |
| Ресурс | «сестра рядом» 😊 |

\`\`\`json
{"risk": "<high>", "score": 3 & 4}
\`\`\`

### Вопросы к следующей сессии
- Что происходит *перед* срывом?
- Кто ещё знает об этом?

---
Итог: гипотезы требуют проверки специалистом.`;

describe('renderTelegramMessages: what the person sees', () => {
  it('turns headings into bold lines and keeps emphasis, strikethrough and inline code', () => {
    expect(only('# Итог\n\nэто **важно**, _очень_, ~~не~~ `x < y`')).toBe(
      '<b>Итог</b>\n\nэто <b>важно</b>, <i>очень</i>, <s>не</s> <code>x &lt; y</code>',
    );
  });

  it('writes bullet and numbered lists as lines, nested ones indented', () => {
    expect(only('- один\n  - вложенный\n- два\n\n3. три\n4. четыре')).toBe(
      '• один\n   • вложенный\n• два\n\n3. три\n4. четыре',
    );
  });

  it('shows HTML written by the model as text, escaped', () => {
    const html = only('Вот <script>alert("x")</script> и <b>не жирный</b> & <br> конец');
    expect(html).toBe(
      'Вот &lt;script&gt;alert("x")&lt;/script&gt; и &lt;b&gt;не жирный&lt;/b&gt; &amp; &lt;br&gt; конец',
    );
    expect(visibleText(html)).toBe(
      'Вот <script>alert("x")</script> и <b>не жирный</b> & <br> конец',
    );
  });

  it('leaves underscores inside words alone', () => {
    expect(only('use snake_case_name and __init__ here')).toBe(
      'use snake_case_name and <b>init</b> here',
    );
    expect(only('a_b_c d_e')).toBe('a_b_c d_e');
  });

  it('shows an unbalanced ** as the asterisks typed', () => {
    expect(only('**не закрыто и *курсив')).toBe('**не закрыто и *курсив');
  });

  it('keeps a code fence as a code block with its language, its HTML escaped', () => {
    expect(only('```html\n<div class="a">&amp;</div>\n```')).toBe(
      '<pre><code class="language-html">&lt;div class="a"&gt;&amp;amp;&lt;/div&gt;</code></pre>',
    );
  });

  it('drops a language that could break out of its attribute', () => {
    expect(only('```x"><b>\ncode\n```')).toBe('<pre>code</pre>');
  });

  it('never hides where a link goes: its text, then its address as plain text', () => {
    const html = only(
      '[Открыть запись сессии](https://evil.example/rec?a=1&b=2) и <https://example.org>',
    );
    expect(html).toBe(
      'Открыть запись сессии (https://evil.example/rec?a=1&amp;b=2) и https://example.org',
    );
    expect(html).not.toContain('<a');
    expect(only('**[обзор](https://example.org/ревью)**')).toBe(
      '<b>обзор (https://example.org/ревью)</b>',
    );
    expect(only('![схема](https://img.example/s.png)')).toBe('схема (https://img.example/s.png)');
  });

  it('shows only the text of links to anything but a web address', () => {
    expect(only('[me](tg://user?id=42) [mail](mailto:a@b.c) [rel](/x)')).toBe('me mail rel');
    expect(only('[bad](javascript:alert(1))')).toBe('[bad](javascript:alert(1))');
  });

  it('does not put code inside bold, where Telegram refuses it', () => {
    expect(only('**жирный `код`** и [`ссылка`](https://a.example)')).toBe(
      '<b>жирный код</b> и <code>ссылка</code> (https://a.example)',
    );
  });

  it('writes a table as lines, the header bold', () => {
    expect(only('| A | B |\n|---|---|\n| 1 | **2** |\n| 3 | 4 |')).toBe(
      '<b>A</b> | <b>B</b>\n1 | <b>2</b>\n3 | 4',
    );
  });

  it('puts a quote, nested ones flattened, in one blockquote', () => {
    expect(only('> один **b**\n>\n> > два\n\nпосле')).toBe(
      '<blockquote>один <b>b</b>\n\nдва</blockquote>\n\nпосле',
    );
  });

  it('keeps Cyrillic and emoji as written', () => {
    const html = only('Привет 👋🏽 мир 🇷🇺 — «ёлка»');
    expect(visibleText(html)).toBe('Привет 👋🏽 мир 🇷🇺 — «ёлка»');
  });

  it('gives no message for an empty or blank answer', () => {
    expect(renderTelegramMessages('')).toEqual([]);
    expect(renderTelegramMessages('  \n\n \t')).toEqual([]);
  });

  it('renders a rich answer as one message Telegram accepts', () => {
    const html = only(RICH_ANSWER);
    expect(visibleText(html)).toContain('«не хочу просыпаться»');
    expect(visibleText(html)).toContain('<i>HTML</i> от модели & амперсандом');
  });
});

describe('renderTelegramMessages: long answers', () => {
  const paragraph = (n: number) =>
    `Абзац ${n}. ${'Клиент описывает тревогу перед встречами и избегание. '.repeat(8)}`.trim();

  it('splits a 20 000-character answer between paragraphs, each message within the limit', () => {
    const answer = Array.from({ length: 48 }, (_, n) => paragraph(n)).join('\n\n');
    expect(answer.length).toBeGreaterThan(20_000);
    const messages = renderTelegramMessages(answer);
    expect(messages.length).toBeGreaterThanOrEqual(5);
    for (const html of messages) {
      expect(acceptedLength(html)).toBeLessThanOrEqual(4096);
      expect(html).toMatch(/^Абзац \d+\./);
      expect(html).toMatch(/избегание\.$/);
    }
    expect(messages.map(visibleText).join('\n\n')).toBe(answer);
  });

  it('cuts an over-long paragraph after a sentence, keeping its bold open across the cut', () => {
    const sentence = 'Это длинное предложение о динамике. ';
    const answer = `**${sentence.repeat(10).trim()}**`;
    const messages = renderTelegramMessages(answer, { limit: 100 });
    expect(messages.length).toBeGreaterThan(1);
    for (const html of messages) {
      expect(acceptedLength(html)).toBeLessThanOrEqual(100);
      expect(html).toMatch(/^<b>Это.*динамике\.<\/b>$/);
    }
  });

  it('cuts a paragraph without sentences between words', () => {
    const answer = 'слово '.repeat(100).trim();
    const messages = renderTelegramMessages(answer, { limit: 50 });
    for (const html of messages) {
      expect(acceptedLength(html)).toBeLessThanOrEqual(50);
      expect(html).toMatch(/^слово( слово)*$/);
    }
    expect(messages.join(' ')).toBe(answer);
  });

  it('cuts a word longer than a message without splitting an emoji', () => {
    const answer = '😀'.repeat(30);
    const messages = renderTelegramMessages(answer, { limit: 7 });
    for (const html of messages) expect(acceptedLength(html)).toBeLessThanOrEqual(7);
    expect(messages.join('')).toBe(answer);
  });

  it('splits an over-long code block into code blocks between its lines', () => {
    const lines = Array.from({ length: 40 }, (_, n) => `    line_${n} = "<${n}>"`);
    const answer = `\`\`\`python\n${lines.join('\n')}\n\`\`\``;
    const messages = renderTelegramMessages(answer, { limit: 200 });
    expect(messages.length).toBeGreaterThan(1);
    for (const html of messages) {
      expect(acceptedLength(html)).toBeLessThanOrEqual(200);
      expect(html).toMatch(/^<pre><code class="language-python"> {4}line_\d+.*<\/code><\/pre>$/s);
    }
    expect(messages.map(visibleText).join('\n')).toBe(lines.join('\n'));
  });

  it('keeps every message valid and within the limit whatever the Markdown (seeded fuzz)', () => {
    const pieces = [
      '**',
      '*',
      '_',
      '__',
      '`',
      '```',
      '~~',
      '[',
      ']',
      '(',
      ')',
      'https://a.example/',
      '<',
      '>',
      '&',
      '&amp;',
      '"',
      '\n',
      '\n\n',
      '> ',
      '- ',
      '1. ',
      '# ',
      '| a | b |\n|---|---|\n',
      'слово ',
      'word ',
      '😀',
      ' ',
      '\\',
      '![i](',
      '---\n',
    ];
    const random = seededRandom(12);
    for (let round = 0; round < 300; round++) {
      let markdown = '';
      const size = 1 + Math.floor(random() * 120);
      for (let i = 0; i < size; i++) markdown += pieces[Math.floor(random() * pieces.length)];
      const limit = 20 + Math.floor(random() * 200);
      for (const html of renderTelegramMessages(markdown, { limit })) {
        expect(acceptedLength(html), JSON.stringify(markdown)).toBeLessThanOrEqual(limit);
      }
    }
  });

  it('replaces half an emoji, which Telegram cannot take, with the replacement character', () => {
    expect(only('a \ud83d b \ude00')).toBe('a \ufffd b \ufffd');
  });

  it('refuses a limit that could not hold an emoji', () => {
    expect(() => renderTelegramMessages('x', { limit: 1 })).toThrow(RangeError);
  });
});

describe('renderTelegramDraft: an answer still being written', () => {
  it('is valid for Telegram at every prefix of a rich answer', () => {
    for (let end = 0; end <= RICH_ANSWER.length; end++) {
      const draft = renderTelegramDraft(RICH_ANSWER.slice(0, end));
      // '' (nothing to show yet, e.g. after "## ") is valid for a draft: "Thinking...".
      if (draft !== '') expect(acceptedLength(draft)).toBeLessThanOrEqual(4096);
    }
  });

  it('stays within a small limit at every prefix, showing the answer from its start', () => {
    for (let end = 1; end <= RICH_ANSWER.length; end += 3) {
      const draft = renderTelegramDraft(RICH_ANSWER.slice(0, end), { limit: 120 });
      expect(acceptedLength(draft || 'x')).toBeLessThanOrEqual(120);
      if (end > 20) expect(draft).toMatch(/^<b>Рабочие гипотезы<\/b>/);
    }
  });

  it('shows an answer cut mid-bold, mid-code or mid-link as it will look once finished', () => {
    expect(renderTelegramDraft('начало **жирн')).toBe('начало <b>жирн</b>');
    expect(renderTelegramDraft('~~старое **новое ')).toBe('<s>старое <b>новое</b></s>');
    expect(renderTelegramDraft('запустите `npm te')).toBe('запустите <code>npm te</code>');
    expect(renderTelegramDraft('см. [обзор](https://exa')).toBe('см. обзор');
  });

  it('holds back a marker just begun, and leaves alone what opens nothing', () => {
    expect(renderTelegramDraft('первое **второе** и **')).toBe('первое <b>второе</b> и');
    expect(renderTelegramDraft('2 ** 3 и snake_case')).toBe('2 ** 3 и snake_case');
    expect(renderTelegramDraft('**закрыто раньше**\n\nновый абзац')).toBe(
      '<b>закрыто раньше</b>\n\nновый абзац',
    );
  });

  it('is valid when cut mid-code-fence', () => {
    expect(renderTelegramDraft('код:\n```js\nif (a < b) {')).toBe(
      'код:\n\n<pre><code class="language-js">if (a &lt; b) {</code></pre>',
    );
  });

  it('is empty for an answer not yet started, so Telegram shows "Thinking..."', () => {
    expect(renderTelegramDraft('')).toBe('');
  });

  it('reads only the beginning of a long answer, and still shows its first message exactly', () => {
    const prose = Array.from({ length: 60 }, (_, n) => `Абзац ${n}: ${'текст '.repeat(60)}`);
    const code = `\`\`\`\n${'x = 1 < 2\n'.repeat(900)}\`\`\``;
    for (const answer of [prose.join('\n\n'), `Вступление.\n\n${code}\n\nКонец.`]) {
      for (const limit of [300, 4096]) {
        expect(renderTelegramDraft(answer, { limit })).toBe(
          renderTelegramMessages(answer, { limit })[0],
        );
      }
    }
  });

  it('ends as the first message of the finished answer', () => {
    const answer = Array.from({ length: 10 }, (_, n) => `Абзац ${n}: ${'текст '.repeat(40)}`).join(
      '\n\n',
    );
    expect(renderTelegramDraft(answer, { limit: 600 })).toBe(
      renderTelegramMessages(answer, { limit: 600 })[0],
    );
  });
});
