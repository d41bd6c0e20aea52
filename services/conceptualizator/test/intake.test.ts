import { type Specialist, startToolHarness, type ToolHarness } from '@psycheos/ai/testing';
import { sql } from 'kysely';
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

const CBT_RESULT = /^<b>Концептуализация: КПТ: формулировка по факторам \(5P\)/;

async function conceptualizedInCbt(): Promise<Specialist> {
  const specialist = await tool.specialist();
  await tool.openSession(specialist);
  await chat.fillIntake(specialist, INTAKE);
  await chat.textMatching(specialist, /^Анкета готова/);
  tool.anthropic.script([{ toolUse: { name: 'record_conceptualization', input: CBT_ANSWER } }]);
  await chat.press(specialist, 'con:fw:cbt');
  await chat.textMatching(specialist, CBT_RESULT);
  return specialist;
}

describe('Концептуализатор: the intake', () => {
  it('asks one question at a time with a progress mark, each skippable, then offers the frameworks', async () => {
    const specialist = await tool.specialist();
    await tool.openSession(specialist);
    const first = await chat.textMatching(specialist, /^Вопрос 1 из 6/);
    expect(first).toContain('▱▱▱▱▱▱');
    expect(first).toContain('С чем клиент пришёл?');
    expect(chat.buttonsUnder(specialist, /^Вопрос 1 из 6/)).toEqual(['con:skip:0']);

    await tool.say(specialist, INTAKE[0] ?? '');
    const second = await chat.textMatching(specialist, /^Вопрос 2 из 6/);
    expect(second).toContain('▰▱▱▱▱▱');
    await chat.press(specialist, 'con:skip:1');
    await chat.textMatching(specialist, /^Вопрос 3 из 6/);
    // A second tap on the skipped question's button skips nothing more.
    await chat.press(specialist, 'con:skip:1');
    expect(chat.lastToast()).toBe('Эта кнопка уже неактуальна.');
    await chat.fillIntake(specialist, INTAKE.slice(2), 2);
    await chat.textMatching(specialist, /^Анкета готова/);
    expect(chat.buttonsUnder(specialist, /^Анкета готова/)).toEqual([
      'con:fw:beck',
      'con:fw:cbt',
      'con:fw:psychodynamic',
      'con:fw:systemic',
    ]);
    const questions = tool.service.telegram
      .textsSentTo(specialist.id)
      .filter((text) => text.startsWith('Вопрос'));
    expect(questions.map((text) => text.slice(0, 13))).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `Вопрос ${n} из 6`),
    );
  });

  it('refuses an over-long answer in Russian and keeps the question open', async () => {
    const specialist = await tool.specialist();
    await tool.openSession(specialist);
    await tool.say(specialist, 'а'.repeat(6_001));
    // Thousands apart, as Russian writes them: «6 000» with a no-break space.
    await chat.textMatching(specialist, /^Ответ длиннее 6\u00a0000 символов\. /);
    await tool.say(specialist, INTAKE[0] ?? '');
    await chat.textMatching(specialist, /^Вопрос 2 из 6/);
  });

  it('asks again from the start when every question was skipped', async () => {
    const specialist = await tool.specialist();
    await tool.openSession(specialist);
    await chat.fillIntake(specialist, [null, null, null, null, null, null]);
    await chat.textMatching(specialist, /^Все вопросы пропущены/);
    const texts = tool.service.telegram.textsSentTo(specialist.id);
    expect(texts.at(-1)).toMatch(/^Вопрос 1 из 6/);
    expect(texts.some((text) => text.startsWith('Анкета готова'))).toBe(false);
  });

  it('offers to resume an unfinished intake in a later session of the case, and moves the answers there', async () => {
    const specialist = await tool.specialist();
    await tool.openSession(specialist);
    await chat.fillIntake(specialist, INTAKE.slice(0, 2));
    await chat.textMatching(specialist, /^Вопрос 3 из 6/);

    // Days later, from a new link of the same case.
    await tool.openSession(specialist);
    await chat.textMatching(specialist, /отвечено вопросов — 1, пропущено — 1/);
    await chat.press(specialist, 'con:resume');
    const third = await chat.textMatching(specialist, /^Вопрос 3 из 6/);
    expect(third).toContain('▰▰▱▱▱▱');
    await chat.fillIntake(specialist, INTAKE.slice(2), 2);
    await chat.textMatching(specialist, /^Анкета готова/);
    tool.anthropic.script([{ toolUse: { name: 'record_conceptualization', input: CBT_ANSWER } }]);
    await chat.press(specialist, 'con:fw:cbt');
    await chat.textMatching(specialist, CBT_RESULT);
    expect(chat.sentToModel()).toContain('панические атаки в метро');

    const sessions = await tool.service.database.db
      .selectFrom('tool_sessions')
      .select(['state'])
      .where('context_id', '=', specialist.contextId)
      .orderBy('opened_at')
      .execute();
    expect(sessions).toHaveLength(2);
    // The earlier session keeps no copy of the answers.
    expect(sessions[0]?.state).toEqual({});
  });

  it('starts afresh when the specialist declines to resume, and deletes the earlier answers', async () => {
    const specialist = await tool.specialist();
    await tool.openSession(specialist);
    await chat.fillIntake(specialist, INTAKE.slice(0, 1));
    await tool.openSession(specialist);
    await chat.textMatching(specialist, /осталась незавершённой/);
    await chat.press(specialist, 'con:restart');
    await chat.textMatching(specialist, /^Прежние ответы удалены/);
    expect(tool.service.telegram.textsSentTo(specialist.id).at(-1)).toMatch(/^Вопрос 1 из 6/);
    const states = await tool.service.database.db
      .selectFrom('tool_sessions')
      .select('state')
      .where('context_id', '=', specialist.contextId)
      .orderBy('opened_at')
      .execute();
    expect(JSON.stringify(states)).not.toContain('панические');
  });

  it('does not offer an intake that already led to a conceptualization', async () => {
    const specialist = await conceptualizedInCbt();
    await tool.openSession(specialist);
    await chat.textMatching(specialist, /^Вопрос 1 из 6/);
    const texts = tool.service.telegram.textsSentTo(specialist.id);
    expect(texts.some((text) => text.includes('незавершённой'))).toBe(false);
  });
});

describe('Концептуализатор: the case already holds material', () => {
  async function caseWithEarlierResult(): Promise<Specialist> {
    const specialist = await tool.specialist();
    await tool.service.database.db
      .insertInto('ai_results')
      .values({
        context_id: specialist.contextId,
        specialist_user_id: specialist.userId,
        bot_id: 'interpretator',
        kind: 'interpretation',
        title: 'Интерпретация материала',
        body: '**Кратко.** Тревога ожидания на фоне смены работы.',
        structured: JSON.stringify({ summary: 'Тревога ожидания на фоне смены работы.' }),
        prompt_version: 'interpretation.v1',
        model: 'claude-test',
        correction: 'Скорее паника, чем генерализованная тревога.',
      })
      .execute();
    await tool.openSession(specialist);
    await chat.fillIntake(specialist, INTAKE);
    return specialist;
  }

  it('shows the earlier results and sends them to the model when the specialist agrees', async () => {
    const specialist = await caseWithEarlierResult();
    const offer = await chat.textMatching(specialist, /^В кейсе уже есть материал/);
    expect(offer).toContain('Интерпретация материала');
    expect(offer).toContain('Тревога ожидания на фоне смены работы.');
    expect(offer).toContain('Поправка специалиста: Скорее паника');
    await chat.press(specialist, 'con:ctx:yes');
    await chat.textMatching(specialist, /^Анкета готова/);
    tool.anthropic.script([{ toolUse: { name: 'record_conceptualization', input: CBT_ANSWER } }]);
    await chat.press(specialist, 'con:fw:cbt');
    await chat.textMatching(specialist, CBT_RESULT);
    const sent = chat.sentToModel();
    expect(sent).toMatch(/<case_context-[0-9a-f]{16}>/);
    expect(sent).toContain('Тревога ожидания на фоне смены работы.');
    expect(sent).toContain('Скорее паника');
  });

  it('keeps the earlier results from the model when the specialist declines', async () => {
    const specialist = await caseWithEarlierResult();
    await chat.textMatching(specialist, /^В кейсе уже есть материал/);
    await chat.press(specialist, 'con:ctx:no');
    await chat.textMatching(specialist, /^Анкета готова/);
    tool.anthropic.script([{ toolUse: { name: 'record_conceptualization', input: CBT_ANSWER } }]);
    await chat.press(specialist, 'con:fw:cbt');
    await chat.textMatching(specialist, CBT_RESULT);
    const sent = chat.sentToModel();
    expect(sent).toContain('панические атаки в метро');
    expect(sent).not.toContain('Тревога ожидания');
    expect(sent).not.toMatch(/<case_context-[0-9a-f]{16}>/);
  });

  it('offers the latest completed screening’s totals and sends them when the specialist agrees', async () => {
    const specialist = await tool.specialist();
    const db = tool.service.database.db;
    const client = await db
      .insertInto('users')
      .values({
        telegram_id: specialist.id + 500_000,
        role: 'client',
        username: null,
        full_name: null,
      })
      .returning('user_id')
      .executeTakeFirstOrThrow();
    const screening = await db
      .insertInto('screening_sessions')
      .values({
        context_id: specialist.contextId,
        client_user_id: client.user_id,
        instruments: ['phq9', 'gad7'],
        status: 'completed',
      })
      .returning('session_id')
      .executeTakeFirstOrThrow();
    await sql`update screening_sessions set completed_at = now() where session_id = ${screening.session_id}`.execute(
      db,
    );
    await db
      .insertInto('screening_scores')
      .values([
        {
          session_id: screening.session_id,
          instrument_id: 'phq9',
          raw: 14,
          score: 14,
          band_index: 2,
          band_label: 'умеренная депрессия',
        },
        {
          session_id: screening.session_id,
          instrument_id: 'gad7',
          raw: 6,
          score: 6,
          band_index: 1,
          band_label: 'лёгкая тревога',
        },
      ])
      .execute();
    await tool.openSession(specialist);
    await chat.fillIntake(specialist, INTAKE);
    const offer = await chat.textMatching(specialist, /^В кейсе уже есть материал/);
    expect(offer).toContain('PHQ-9');
    expect(offer).toContain('умеренная депрессия');
    await chat.press(specialist, 'con:ctx:yes');
    await chat.textMatching(specialist, /^Анкета готова/);
    tool.anthropic.script([{ toolUse: { name: 'record_conceptualization', input: CBT_ANSWER } }]);
    await chat.press(specialist, 'con:fw:cbt');
    await chat.textMatching(specialist, CBT_RESULT);
    const sent = chat.sentToModel();
    expect(sent).toContain('PHQ-9');
    expect(sent).toContain('14');
    expect(sent).toContain('лёгкая тревога');
  });

  it('offers nothing when the case holds nothing yet', async () => {
    const specialist = await tool.specialist();
    await tool.openSession(specialist);
    await chat.fillIntake(specialist, INTAKE);
    await chat.textMatching(specialist, /^Анкета готова/);
    const texts = tool.service.telegram.textsSentTo(specialist.id);
    expect(texts.some((text) => text.startsWith('В кейсе уже есть'))).toBe(false);
  });
});
