import { type Specialist, startToolHarness, type ToolHarness } from '@psycheos/ai/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { CBT_ANSWER, conceptChat, INTAKE } from './conceptualizator-chat';

let tool: ToolHarness;
let chat: ReturnType<typeof conceptChat>;
beforeAll(async () => {
  tool = await startToolHarness({ botId: 'conceptualizator', buildApp });
  chat = conceptChat(tool);
});
afterAll(() => tool.close());
beforeEach(() => {
  tool.anthropic.reset();
  tool.service.telegram.reset();
});

const PRACTICE = 'Анна — учебная клиентка, глубинное убеждение «Я никчёмная».';
const REAL = 'Тревога ожидания на фоне смены работы.';

/**
 * A result saved in the case by `botId` as `kind`: an interpretation of this client, or a
 * simulator's score with a fictional client, as the release before the trainer saved it
 * in a real case (and as a row of a kind not known here would be).
 */
async function resultInCase(specialist: Specialist, botId: string, kind: string, text: string) {
  await tool.service.database.db
    .insertInto('ai_results')
    .values({
      context_id: specialist.contextId,
      specialist_user_id: specialist.userId,
      bot_id: botId,
      kind,
      title: kind === 'interpretation' ? 'Интерпретация материала' : 'Симуляция: Анна, CTRS 33/66',
      body: `**Кратко.** ${text}`,
      structured: JSON.stringify({ summary: text }),
      prompt_version: 'v1',
      model: 'claude-test',
    })
    .execute();
}

describe('Концептуализатор: a case’s context is only that client’s material', () => {
  it('offers and sends the case’s interpretation, never a simulator result or a kind it does not list', async () => {
    const specialist = await tool.specialist();
    await resultInCase(specialist, 'interpretator', 'interpretation', REAL);
    await resultInCase(specialist, 'simulator', 'simulation', PRACTICE);
    await resultInCase(specialist, 'simulator', 'practice_note', PRACTICE);
    await tool.openSession(specialist);
    await chat.fillIntake(specialist, INTAKE);
    const offer = await chat.textMatching(specialist, /^В кейсе уже есть материал/);
    expect(offer).toContain(REAL);
    expect(offer).not.toContain('Симуляция');
    expect(offer).not.toContain('учебная клиентка');

    await chat.press(specialist, 'con:ctx:yes');
    await chat.textMatching(specialist, /^Анкета готова/);
    tool.anthropic.script([{ toolUse: { name: 'record_conceptualization', input: CBT_ANSWER } }]);
    await chat.press(specialist, 'con:fw:cbt');
    await chat.textMatching(specialist, /^<b>Концептуализация: /);
    const sent = JSON.stringify(tool.anthropic.requests.map((request) => request.body));
    expect(sent).toContain(REAL);
    expect(sent).not.toContain('учебная клиентка');
    expect(sent).not.toContain('Симуляция');
  });

  it('offers nothing when the case holds only practice', async () => {
    const specialist = await tool.specialist();
    await resultInCase(specialist, 'simulator', 'simulation', PRACTICE);
    await tool.openSession(specialist);
    await chat.fillIntake(specialist, INTAKE);
    await chat.textMatching(specialist, /^Анкета готова/);
    const texts = tool.service.telegram.textsSentTo(specialist.id);
    expect(texts.some((text) => text.startsWith('В кейсе уже есть материал'))).toBe(false);
    expect(texts.join('\n')).not.toContain('учебная клиентка');
  });
});
