import { type Specialist, startToolHarness, type ToolHarness } from '@psycheos/ai/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { conceptChat, INTAKE } from './conceptualizator-chat';

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

const FAMILY = 'Живёт с мужем и сыном 8 лет; полгода назад к ним переехала её мать.';
const RELATIONSHIPS = 'С матерью отношения напряжённые с детства, с мужем избегает конфликтов.';
const SITUATION = 'В метро закружилась голова: «Сейчас упаду, и никто не поможет». Страх, вышла.';

async function intakeDone(): Promise<Specialist> {
  const specialist = await tool.specialist();
  await tool.openSession(specialist);
  await chat.fillIntake(specialist, INTAKE);
  await chat.textMatching(specialist, /^Анкета готова/);
  return specialist;
}

const answerIn = (sections: Record<string, string>) => ({
  toolUse: {
    name: 'record_conceptualization',
    input: { summary: 'Кратко.', sections, gaps: [], alternatives: [] },
  },
});

const sentToModel = (index: number) => JSON.stringify(tool.anthropic.requests[index]?.body);

describe('Концептуализатор: what each framework asks of its own', () => {
  it('asks the systemic framework’s own questions once it is picked, one at a time and skippable, and sends them to the model', async () => {
    const specialist = await intakeDone();
    await chat.press(specialist, 'con:fw:systemic');
    const first = await chat.textMatching(
      specialist,
      /^Для подхода «Системный подход»: вопрос 1 из 2/,
    );
    expect(first).toContain('Кто входит в семью клиента');
    expect(chat.buttonsUnder(specialist, /вопрос 1 из 2/)).toEqual(['con:fq:systemic:0']);
    expect(tool.anthropic.requests).toHaveLength(0);

    tool.anthropic.script([answerIn({ problem: 'Проблема в системе.' })]);
    await tool.say(specialist, FAMILY);
    await chat.textMatching(specialist, /^Для подхода «Системный подход»: вопрос 2 из 2/);
    await chat.press(specialist, 'con:fq:systemic:1');
    // The skipped question's button again: nothing more is skipped, the model is asked once.
    await chat.press(specialist, 'con:fq:systemic:1');
    await chat.textMatching(specialist, /^<b>Концептуализация: Системный подход/);
    await tool.service.repliesSent();
    expect(tool.anthropic.requests).toHaveLength(1);
    const sent = sentToModel(0);
    expect(sent).toContain(`## Состав семьи и значимые перемены\\n${FAMILY}`);
    expect(sent).toContain(
      '## Кто вовлечён в проблему и как реагирует\\n(специалист пропустил этот вопрос)',
    );
  });

  it('on «Другой подход» asks only what the new framework adds, and keeps what the other one was told', async () => {
    const specialist = await intakeDone();
    tool.anthropic.script([
      answerIn({ problem: 'Системно.' }),
      answerIn({ relationships: 'Психодинамически.' }),
      answerIn({ problem: 'Системно снова.' }),
    ]);
    await chat.press(specialist, 'con:fw:systemic');
    await chat.fillFrameworkQuestions(specialist, 'systemic', [FAMILY, null]);
    await chat.textMatching(specialist, /^<b>Концептуализация: Системный подход/);

    await chat.press(specialist, 'con:fw');
    await chat.press(specialist, 'con:fw:psychodynamic');
    const asked = await chat.textMatching(specialist, /^Для подхода «Психодинамический подход»/);
    expect(asked).toContain('значимые отношения');
    await chat.fillFrameworkQuestions(specialist, 'psychodynamic', [RELATIONSHIPS, null]);
    await chat.textMatching(specialist, /^<b>Концептуализация: Психодинамический подход/);
    expect(sentToModel(1)).toContain(RELATIONSHIPS);
    expect(sentToModel(1)).toContain(FAMILY);

    // Systemic again: its questions were answered, so the model is asked at once.
    await chat.press(specialist, 'con:fw');
    await chat.press(specialist, 'con:fw:systemic');
    await chat.textMatching(specialist, /Системно снова/);
    const questions = tool.service.telegram
      .textsSentTo(specialist.id)
      .filter((text) => text.startsWith('Для подхода «Системный подход»'));
    expect(questions).toHaveLength(2);
  });

  it('offers Beck’s conceptualization diagram, asks for a recent situation, and answers by its sections', async () => {
    const specialist = await intakeDone();
    await chat.press(specialist, 'con:fw:beck');
    const asked = await chat.textMatching(
      specialist,
      /^Для подхода «КПТ: диаграмма концептуализации \(Дж\. Бек\)»: вопрос 1 из 1/,
    );
    expect(asked).toContain('недавние ситуации');
    tool.anthropic.script([answerIn({ core_beliefs: '«Я беспомощная» — гипотеза.' })]);
    await tool.say(specialist, SITUATION);
    const answer = await chat.textMatching(specialist, /^<b>Концептуализация: КПТ: диаграмма/);
    expect(answer).toContain('Глубинные убеждения');
    expect(answer).toContain('«Я беспомощная» — гипотеза.');
    const request = tool.anthropic.requests[0]?.body as {
      tools: { input_schema: { properties: { sections: { properties: object } } } }[];
    };
    expect(
      Object.keys(request.tools[0]?.input_schema.properties.sections.properties ?? {}),
    ).toEqual([
      'history',
      'core_beliefs',
      'intermediate_beliefs',
      'coping',
      'situations',
      'targets',
    ]);
    expect(sentToModel(0)).toContain('Недавние ситуации: мысли, эмоции, поведение');
    const [result] = await chat.results(specialist);
    expect(result?.structured).toMatchObject({ framework: 'beck' });
  });
});
