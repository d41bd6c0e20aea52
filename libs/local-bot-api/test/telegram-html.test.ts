import { describe, expect, it } from 'vitest';
import { checkTelegramHtml } from '../src/index';

const reasonFor = (html: string) => {
  const check = checkTelegramHtml(html);
  return check.ok ? 'accepted' : check.reason;
};

describe('checkTelegramHtml: what Telegram accepts', () => {
  it('accepts every tag of the Bot API HTML style and reports the text length after parsing', () => {
    const html =
      '<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike>' +
      '<del>d</del><span class="tg-spoiler">p</span><tg-spoiler>q</tg-spoiler>' +
      '<a href="https://example.org/?a=1&amp;b=2">link</a><code>c</code><pre>pre</pre>' +
      '<pre><code class="language-python">x</code></pre><blockquote>q</blockquote>' +
      '<blockquote expandable>long</blockquote><b>bold <i>italic <u>under</u></i></b>';
    expect(checkTelegramHtml(html)).toEqual({ ok: true, length: 42 });
  });

  it('counts entities as the character they stand for and an emoji as two', () => {
    expect(checkTelegramHtml('&lt;&gt;&amp;&quot;&#1071;&#x1F600; 😀')).toEqual({
      ok: true,
      length: 10,
    });
  });

  it('accepts a quote holding a code block, as Telegram does', () => {
    expect(reasonFor('<blockquote>text <pre>code</pre></blockquote>')).toBe('accepted');
  });
});

describe('checkTelegramHtml: what Telegram refuses', () => {
  it('refuses tags Telegram does not know, with its own message and byte offset', () => {
    expect(reasonFor('<p>text</p>')).toBe('Unsupported start tag "p" at byte offset 0');
    expect(reasonFor('line<br>')).toBe('Unsupported start tag "br" at byte offset 4');
    expect(reasonFor('🏟 🏟&lt;<abac aba>')).toBe('Unsupported start tag "abac" at byte offset 13');
  });

  it('refuses a bare "<", as Telegram reads it as a tag', () => {
    expect(reasonFor('a < b')).toBe('Unsupported start tag "" at byte offset 2');
    expect(reasonFor('🏟 🏟&lt;<abacaba')).toBe('Unclosed start tag at byte offset 13');
  });

  it('refuses unclosed, unexpected and misnested tags', () => {
    expect(reasonFor('<b>bold')).toBe("Can't find end tag corresponding to start tag b");
    expect(reasonFor('text</b>')).toBe('Unexpected end tag at byte offset 4');
    expect(reasonFor('<b><i>x</b></i>')).toBe(
      'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"',
    );
  });

  it('refuses a bare "&" or ">" and named entities beyond the four', () => {
    expect(reasonFor('Tom & Jerry')).toMatch(/^Unescaped "&" at byte offset 4/);
    expect(reasonFor('a &nbsp; b')).toMatch(/^Unescaped "&"/);
    expect(reasonFor('&#0;')).toMatch(/^Unescaped "&"/);
    expect(reasonFor('a > b')).toMatch(/^Unescaped ">" at byte offset 2/);
  });

  it('refuses a span that is not a spoiler and a link to no web address', () => {
    expect(reasonFor('<span class="x">y</span>')).toBe(
      'Tag "span" must have class "tg-spoiler" at byte offset 0',
    );
    expect(reasonFor('<a href="javascript:alert(1)">x</a>')).toMatch(/not an absolute URL/);
  });

  it('refuses anything inside code or pre, and code inside bold or a link', () => {
    expect(reasonFor('<code><b>x</b></code>')).toMatch(/inside "code"/);
    expect(reasonFor('<pre>a<code class="language-js">x</code></pre>')).toMatch(/inside "pre"/);
    expect(reasonFor('<pre><code class="language-js">x</code>b</pre>')).toMatch(/after <\/code>/);
    expect(reasonFor('<b><code>x</code></b>')).toMatch(/code and pre may only stand alone/);
    expect(reasonFor('<a href="https://a.example"><code>x</code></a>')).toMatch(/stand alone/);
  });

  it('refuses a quote inside a quote or inside bold', () => {
    expect(reasonFor('<blockquote><blockquote>x</blockquote></blockquote>')).toMatch(/nested/);
    expect(reasonFor('<b><blockquote>x</blockquote></b>')).toMatch(/nested/);
  });

  it('refuses half an emoji, which is not UTF-8', () => {
    expect(reasonFor('a \ud83d b')).toMatch(/^Strings must be encoded in UTF-8/);
  });
});
