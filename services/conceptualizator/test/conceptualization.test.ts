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

const CBT_RESULT = /^<b>Концептуализация: КПТ: формулировка по факторам \(5P\)/;

interface RecordedBody {
  system: unknown;
  messages: { role: string; content: unknown }[];
  tools: { name: string; input_schema: { properties: { sections: { properties: object } } } }[];
  tool_choice: { type: string; name: string };
}
const requestBody = (index: number) =>
  tool.anthropic.requests[index]?.body as unknown as RecordedBody;

async function intakeDone(): Promise<Specialist> {
  const specialist = await tool.specialist();
  await tool.openSession(specialist);
  await chat.fillIntake(specialist, INTAKE);
  await chat.textMatching(specialist, /^Анкета готова/);
  return specialist;
}

async function conceptualizedInCbt(): Promise<Specialist> {
  const specialist = await intakeDone();
  tool.anthropic.script([{ toolUse: { name: 'record_conceptualization', input: CBT_ANSWER } }]);
  await chat.press(specialist, 'con:fw:cbt');
  await chat.textMatching(specialist, CBT_RESULT);
  return specialist;
}

describe('Концептуализатор: the conceptualization', () => {
  it('writes a CBT five Ps conceptualization from the intake as structured output and saves it to the case', async () => {
    const specialist = await intakeDone();
    tool.anthropic.script([
      { toolUse: { name: 'record_conceptualization', input: CBT_ANSWER }, chunkDelayMs: 5 },
    ]);
    await chat.press(specialist, 'con:fw:cbt');
    const answer = await chat.textMatching(specialist, CBT_RESULT);
    expect(answer).toContain('Поддерживающие факторы (Perpetuating)');
    expect(answer).toContain('Избегание и защитное поведение');
    expect(answer).toContain('Что уточнить');
    expect(answer).toContain('не диагноз');

    const request = requestBody(0);
    expect(request.tool_choice).toMatchObject({ type: 'tool', name: 'record_conceptualization' });
    expect(
      Object.keys(request.tools[0]?.input_schema.properties.sections.properties ?? {}),
    ).toEqual([
      'presenting',
      'predisposing',
      'precipitating',
      'perpetuating',
      'protective',
      'targets',
    ]);
    const message = JSON.stringify(request.messages);
    expect(message).toContain('панические атаки в метро');
    expect(message).toContain('специалист пропустил этот вопрос');

    const [result] = await chat.results(specialist);
    expect(result).toMatchObject({
      kind: 'conceptualization',
      bot_id: 'conceptualizator',
      title: 'Концептуализация (КПТ: формулировка по факторам (5P))',
      version: 1,
      review: 'draft',
      prompt_version: 'conceptualization.v2',
    });
    expect(result?.series_id).toBeTruthy();
    expect(result?.structured).toMatchObject({ framework: 'cbt', sections: CBT_ANSWER.sections });
    expect(chat.buttonsUnder(specialist, CBT_RESULT)).toEqual([
      `res:ok:${result?.result_id}`,
      `res:fix:${result?.result_id}`,
      `con:edit:${result?.result_id}`,
      'con:fw',
      'con:new',
    ]);
  });

  it('asks each framework for its own sections, named as its data file says', async () => {
    const specialist = await conceptualizedInCbt();
    for (const [id, title, firstKey] of [
      ['psychodynamic', 'Психодинамический подход', 'problem'],
      ['systemic', 'Системный подход', 'problem'],
    ] as const) {
      const sections = { [firstKey]: `Раздел подхода ${id}.` };
      tool.anthropic.script([
        {
          toolUse: { name: 'record_conceptualization', input: { summary: id, sections, gaps: [] } },
        },
      ]);
      await chat.press(specialist, 'con:fw'); // «🔄 Другой подход» under the last result
      await chat.press(specialist, `con:fw:${id}`);
      await chat.fillFrameworkQuestions(specialist, id, [null, null]);
      const answer = await chat.textMatching(
        specialist,
        new RegExp(`^<b>Концептуализация: ${title}`),
      );
      expect(answer).toContain(`Раздел подхода ${id}.`);
      // The model filled one section of seven: the others say they are empty.
      expect(answer).toContain('Раздел не заполнен');
    }
    const keys = [1, 2].map((index) =>
      Object.keys(requestBody(index).tools[0]?.input_schema.properties.sections.properties ?? {}),
    );
    expect(keys[0]).toContain('transference');
    expect(keys[1]).toContain('life_cycle');
    const results = await chat.results(specialist);
    expect(results.map((result) => result.structured?.framework)).toEqual([
      'cbt',
      'psychodynamic',
      'systemic',
    ]);
    // Three frameworks are three series, each its own first version.
    expect(new Set(results.map((result) => result.series_id)).size).toBe(3);
  });

  it('asks the model once when the framework is tapped twice', async () => {
    const specialist = await intakeDone();
    tool.anthropic.script([
      { toolUse: { name: 'record_conceptualization', input: CBT_ANSWER } },
      { toolUse: { name: 'record_conceptualization', input: CBT_ANSWER } },
    ]);
    await chat.press(specialist, 'con:fw:cbt');
    await chat.press(specialist, 'con:fw:cbt');
    expect(chat.lastToast()).toBe('Эта кнопка уже неактуальна.');
    await chat.textMatching(specialist, CBT_RESULT);
    await tool.service.repliesSent();
    expect(tool.anthropic.requests).toHaveLength(1);
    expect(await chat.results(specialist)).toHaveLength(1);
  });

  it('shows an answer that ignores the structure as text, marked as a draft, with no section to edit', async () => {
    const specialist = await intakeDone();
    tool.anthropic.script([{ text: 'Похоже на **паническое расстройство**.' }]);
    await chat.press(specialist, 'con:fw:cbt');
    const answer = await chat.textMatching(specialist, /паническое расстройство/);
    expect(answer).toContain('<b>паническое расстройство</b>');
    expect(answer).toContain('не по разделам выбранного подхода');
    const [result] = await chat.results(specialist);
    expect(result?.structured).toBeNull();
    expect(chat.buttonsUnder(specialist, /паническое расстройство/)).not.toContain(
      `con:edit:${result?.result_id}`,
    );
  });
});

describe('Концептуализатор: revising a section', () => {
  const NEW_TEXT =
    'Избегание метро, защитное поведение и катастрофическая интерпретация сердцебиения.';

  async function revise(specialist: Specialist, resultId: string, index: number, ask: string) {
    await chat.press(specialist, `con:edit:${resultId}`);
    await chat.textMatching(specialist, /^Какой раздел изменить/);
    await chat.press(specialist, `con:sec:${resultId}:${index}`);
    await chat.textMatching(specialist, /^Напишите одним сообщением/);
    await tool.say(specialist, ask);
  }

  it('rewrites the one section asked into the next version of the series, the earlier kept', async () => {
    const specialist = await conceptualizedInCbt();
    const [first] = await chat.results(specialist);
    tool.anthropic.script([{ toolUse: { name: 'record_section', input: { content: NEW_TEXT } } }]);
    await revise(
      specialist,
      first?.result_id ?? '',
      3,
      'Добавь катастрофическую интерпретацию телесных ощущений.',
    );
    const answer = await chat.textMatching(specialist, /версия 2/);
    expect(answer).toContain(NEW_TEXT);
    expect(answer).toContain('Изменён раздел «Поддерживающие факторы (Perpetuating)»');

    const revision = requestBody(1);
    expect(revision.tool_choice).toMatchObject({ name: 'record_section' });
    const asked = JSON.stringify(revision.messages);
    expect(asked).toContain('катастрофическую интерпретацию телесных ощущений');
    expect(asked).toContain('Избегание и защитное поведение'); // the current version
    expect(asked).toContain('панические атаки в метро'); // the intake

    const [v1, v2] = await chat.results(specialist);
    expect(v1?.body).toBe(first?.body);
    expect(v2).toMatchObject({
      series_id: first?.series_id,
      version: 2,
      prompt_version: 'revision.v2',
      structured: {
        framework: 'cbt',
        sections: { ...CBT_ANSWER.sections, perpetuating: NEW_TEXT },
      },
    });
    expect(chat.buttonsUnder(specialist, /версия 2/)).toContain(`con:edit:${v2?.result_id}`);
  });

  it('builds on the latest version even from an older version’s button', async () => {
    const specialist = await conceptualizedInCbt();
    const [first] = await chat.results(specialist);
    const firstId = first?.result_id ?? '';
    tool.anthropic.script([
      { toolUse: { name: 'record_section', input: { content: NEW_TEXT } } },
      { toolUse: { name: 'record_section', input: { content: 'Партнёр, бег, прежний опыт.' } } },
    ]);
    await revise(specialist, firstId, 3, 'Про катастрофизацию.');
    await chat.textMatching(specialist, /версия 2/);
    await revise(specialist, firstId, 4, 'Короче.');
    await chat.textMatching(specialist, /версия 3/);
    const versions = await chat.results(specialist);
    expect(versions.map((result) => result.version)).toEqual([1, 2, 3]);
    expect(versions[2]?.structured).toMatchObject({
      sections: { perpetuating: NEW_TEXT, protective: 'Партнёр, бег, прежний опыт.' },
    });
  });

  it("answers «not found» for another specialist's conceptualization and asks nothing", async () => {
    const owner = await conceptualizedInCbt();
    const [theirs] = await chat.results(owner);
    const stranger = await intakeDone();
    await chat.press(stranger, `con:edit:${theirs?.result_id}`);
    expect(chat.lastToast()).toBe('Концептуализация не найдена в этом кейсе.');
    await chat.press(stranger, `con:sec:${theirs?.result_id}:0`);
    expect(chat.lastToast()).toBe('Концептуализация не найдена в этом кейсе.');
    expect(tool.anthropic.requests).toHaveLength(1);
  });
});

describe('Концептуализатор: what goes to the model', () => {
  it('sends nothing that identifies the specialist, the client or the case, in any request', async () => {
    const specialist = await conceptualizedInCbt();
    const [first] = await chat.results(specialist);
    tool.anthropic.script([
      { toolUse: { name: 'record_section', input: { content: 'Новый текст.' } } },
    ]);
    await chat.press(specialist, `con:sec:${first?.result_id}:0`);
    await tool.say(specialist, 'Уточни симптомы.');
    await chat.textMatching(specialist, /версия 2/);
    expect(tool.anthropic.requests).toHaveLength(2);
    const sent = chat.sentToModel();
    expect(sent).toContain('панические атаки в метро');
    for (const identifying of [
      String(specialist.id),
      specialist.username,
      'Ирина',
      'Соколова',
      specialist.caseLabel,
      'Петров',
      specialist.contextId,
      specialist.userId,
    ]) {
      expect(sent).not.toContain(identifying);
    }
  });
});
