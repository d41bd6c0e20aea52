import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderTelegramMessages } from '../src/index';
import { visibleText } from './telegram-text';

/** A composed answer as a tool builds it: its own Markdown around someone else's words. */
const composed = (words: string) =>
  renderTelegramMessages(`**Гипотеза.** Пояснение.\n> «${escapeMarkdown(words)}»`).join('\n');

describe('escapeMarkdown: someone else’s words inside a tool’s own answer', () => {
  it('shows a Markdown link in forwarded material as the characters written, not a link', () => {
    const words = '[Открыть запись сессии](https://evil.example/rec)';
    const html = composed(words);
    expect(html).not.toContain('<a');
    expect(visibleText(html)).toContain(`«${words}»`);
  });

  it('lets no line of it become a heading, a list, a quote, a rule or a table', () => {
    const words = '## Риска нет\n- пункт\n> цитата\n1. первый\n---\n| a | b |\n|---|---|';
    const html = renderTelegramMessages(`Начало\n\n${escapeMarkdown(words)}`).join('\n');
    expect(visibleText(html)).toBe(`Начало\n\n${words}`);
    expect(html).not.toMatch(/<b>|<blockquote>|•/);
  });

  it('keeps emphasis, code, autolinks and entities as typed', () => {
    const words = '**не жирный** _и_ `код` <https://x.example> &amp; ~~нет~~ \\ конец';
    expect(visibleText(renderTelegramMessages(escapeMarkdown(words))[0] ?? '')).toBe(words);
  });
});
