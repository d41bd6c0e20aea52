import { type FakeTelegram, startFakeTelegram } from '@psycheos/local-bot-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTelegramDraft, renderTelegramMessages } from '../src/index';

const CHAT = 7001;
let telegram: FakeTelegram;

beforeAll(async () => {
  telegram = await startFakeTelegram();
});
afterAll(() => telegram.close());

async function call(method: string, params: Record<string, unknown>) {
  const response = await fetch(`${telegram.apiRoot}/bot9:token/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return (await response.json()) as { ok: boolean; description?: string };
}

const LONG_ANSWER = Array.from(
  { length: 30 },
  (_, n) =>
    `### Раздел ${n}\n\n**Гипотеза ${n}.** Клиент: «мне _страшно_ <снова>» & [источник](https://example.org/${n}?a=1&b=2).\n\n- пункт \`код_${n}\`\n  - вложенный 😀\n\n> цитата ${n}\n\n\`\`\`\n<tag> & ${'строка кода '.repeat(10)}\n\`\`\``,
).join('\n\n');

describe('rendered answers as the fake Bot API takes them', () => {
  it('sends every message of a long rich answer without a refusal', async () => {
    const messages = renderTelegramMessages(LONG_ANSWER);
    expect(messages.length).toBeGreaterThan(1);
    for (const text of messages) {
      expect(await call('sendMessage', { chat_id: CHAT, text, parse_mode: 'HTML' })).toMatchObject({
        ok: true,
      });
    }
  });

  it('shows every draft of the answer as it streams in, without a refusal', async () => {
    for (let end = 0; end <= LONG_ANSWER.length; end += 97) {
      const text = renderTelegramDraft(LONG_ANSWER.slice(0, end));
      const answer = await call('sendMessageDraft', {
        chat_id: CHAT,
        draft_id: 1,
        text,
        parse_mode: 'HTML',
      });
      expect(answer, text).toMatchObject({ ok: true });
    }
    expect(telegram.draftsSentTo(CHAT).length).toBeGreaterThan(50);
  });
});
