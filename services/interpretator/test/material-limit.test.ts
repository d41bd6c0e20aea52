import { startToolHarness, type ToolHarness } from '@psycheos/ai/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';

let tool: ToolHarness;
beforeAll(async () => {
  tool = await startToolHarness({ botId: 'interpretator', buildApp });
});
afterAll(() => tool.close());

describe('Интерпретатор: the material’s limit', () => {
  it('refuses only the message that would pass the limit, and keeps what came before', async () => {
    const specialist = await tool.specialist();
    await tool.openSession(specialist);
    await tool.say(specialist, 'а'.repeat(30_000));
    await tool.say(specialist, 'б'.repeat(30_001));
    await tool.say(specialist, 'Короткая запись.');

    const texts = tool.service.telegram.textsSentTo(specialist.id).slice(-3);
    expect(texts[1]).toBe(
      'Это сообщение не добавлено: с ним материал превысил бы предел для одного разбора — 60\u00a0000 символов. Всё, что вы прислали раньше, сохранено: нажмите «🔍 Интерпретировать» или пришлите это сообщение короче.',
    );
    // The first message and the short one are the material; the refused one is not.
    expect(texts[2]).toMatch(/^Материал добавлен: сообщений — 2, символов — 300\d\d\./);
  });
});
