import { type Specialist, startToolHarness, type ToolHarness } from '@psycheos/ai/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import {
  bodyOf,
  contentText,
  ctrsAnswer,
  lastButtons,
  press,
  repliesTo,
  systemText,
} from './simulation-helpers';

const LINE_1 = 'Здравствуйте. Что привело вас сегодня?';
const LINE_2 = 'Что вы почувствовали, когда закрыли вакансию?';
const CLIENT_1 = 'Не знаю. Сестра настояла, чтобы я пришла.';
const CLIENT_2 = 'Наверное, что опять ничего не выйдет.';

let tool: ToolHarness;
beforeAll(async () => {
  tool = await startToolHarness({ botId: 'simulator', buildApp });
});
afterAll(() => tool.close());
beforeEach(() => {
  tool.anthropic.reset();
  tool.service.telegram.reset();
});

/** A specialist with the tool open, the library shown (the bot's 4 opening texts). */
async function openedSimulator(): Promise<Specialist> {
  const specialist = await tool.specialist();
  await tool.openSession(specialist);
  await tool.textsOnceThereAre(specialist.id, 4);
  return specialist;
}

/** Anna from the library, two exchanges played. */
async function playedTwoLinesWithAnna(): Promise<Specialist> {
  const specialist = await openedSimulator();
  await repliesTo(tool, specialist, 1, () => press(tool, specialist, 'sim:p:anna-depression'));
  await repliesTo(tool, specialist, 1, () => press(tool, specialist, 'sim:start'));
  tool.anthropic.script([{ text: CLIENT_1 }, { text: CLIENT_2 }]);
  await repliesTo(tool, specialist, 1, () => tool.say(specialist, LINE_1));
  await repliesTo(tool, specialist, 1, () => tool.say(specialist, LINE_2));
  return specialist;
}

async function finishWithScore(specialist: Specialist, score: number, invented: string[] = []) {
  tool.anthropic.script([
    {
      toolUse: {
        name: 'record_ctrs_feedback',
        input: ctrsAnswer({ score, quote: LINE_2, invented }),
      },
    },
  ]);
  const [scoring, feedback] = await repliesTo(tool, specialist, 2, () =>
    press(tool, specialist, 'sim:finish'),
  );
  return { scoring: scoring ?? '', feedback: feedback ?? '' };
}

describe('Симулятор: the role-play', () => {
  it('offers the persona library when opened, each persona briefly, and a way to describe one', async () => {
    const specialist = await tool.specialist();
    const texts = await repliesTo(tool, specialist, 4, () => tool.openSession(specialist));
    expect(texts[2]).toMatch(/^Симулятор — тренировка сессии КПТ/);
    for (const name of ['Анна, 34', 'Олег, 42', 'Вера, 27', 'Михаил, 55']) {
      expect(texts[3]).toContain(name);
    }
    // The cognitive model is for the session to uncover, not shown in the library.
    expect(texts[3]).not.toContain('Я никчёмная');
    expect(lastButtons(tool, specialist)).toEqual(
      expect.arrayContaining(['sim:p:anna-depression', 'sim:p:oleg-anger', 'sim:describe']),
    );
  });

  it("plays the client in character: the persona's cognitive model and resistance in the system prompt, restated beside the newest line", async () => {
    const specialist = await openedSimulator();
    const [brief] = await repliesTo(tool, specialist, 1, () =>
      press(tool, specialist, 'sim:p:anna-depression'),
    );
    expect(brief).toContain('Сопротивление: высокое');
    expect(lastButtons(tool, specialist)).toContain('sim:start');
    await repliesTo(tool, specialist, 1, () => press(tool, specialist, 'sim:start'));

    tool.anthropic.script([{ text: CLIENT_1, chunkSize: 5, chunkDelayMs: 5 }, { text: CLIENT_2 }]);
    const [answer] = await repliesTo(tool, specialist, 1, () => tool.say(specialist, LINE_1));
    expect(answer).toBe(CLIENT_1);
    expect(lastButtons(tool, specialist)).toEqual(['sim:finish']);
    expect(tool.service.telegram.callsTo('sendMessageDraft').length).toBeGreaterThan(1);

    const first = bodyOf(tool, 0);
    const system = systemText(first);
    // The cognitive model, the style and the resistance with its concrete behaviours.
    for (const part of [
      'Я никчёмная',
      'Я должна справляться сама и ни на кого не рассчитывать',
      'Избегает ситуаций, где можно провалиться',
      'Меня всё равно не возьмут',
      'Стиль речи: reserved',
      'Сопротивление: high',
      'Отвечает «не знаю», «нормально», «наверное»',
      'терапевт не спорит и не уговаривает',
      // The guard against drifting into compliance.
      'Не меняй позицию только потому, что терапевт настаивает',
    ]) {
      expect(system).toContain(part);
    }
    const lastLine = contentText(first.messages.at(-1)?.content);
    expect(lastLine).toContain(LINE_1);
    expect(lastLine).toMatch(/Напоминание для роли.*сопротивление «high»/);

    await repliesTo(tool, specialist, 1, () => tool.say(specialist, LINE_2));
    const second = bodyOf(tool, 1);
    expect(second.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    // The earlier line is kept as the therapist said it; only the newest carries the reminder.
    expect(contentText(second.messages[0]?.content)).toBe(LINE_1);
    expect(contentText(second.messages[1]?.content)).toBe(CLIENT_1);
    expect(contentText(second.messages[2]?.content)).toMatch(/Напоминание для роли/);
  });

  it('refuses «Завершить» before any exchange and asks the model nothing', async () => {
    const specialist = await openedSimulator();
    await repliesTo(tool, specialist, 1, () => press(tool, specialist, 'sim:p:oleg-anger'));
    await repliesTo(tool, specialist, 1, () => press(tool, specialist, 'sim:start'));
    const [refusal] = await repliesTo(tool, specialist, 1, () =>
      press(tool, specialist, 'sim:finish'),
    );
    expect(refusal).toMatch(/ещё нет ни одного обмена репликами/);
    expect(tool.anthropic.requests).toHaveLength(0);
  });

  it('asks for text when the specialist sends a sticker during the role-play', async () => {
    const specialist = await openedSimulator();
    await repliesTo(tool, specialist, 1, () =>
      press(tool, specialist, 'sim:p:vera-social-anxiety'),
    );
    await repliesTo(tool, specialist, 1, () => press(tool, specialist, 'sim:start'));
    const [answer] = await repliesTo(tool, specialist, 1, () =>
      tool.service.deliver({
        update_id: 990_001,
        message: {
          message_id: 990_001,
          date: Math.floor(Date.now() / 1000),
          chat: { id: specialist.id, type: 'private', first_name: specialist.first_name },
          from: { id: specialist.id, is_bot: false, first_name: specialist.first_name },
          sticker: {
            file_id: 'x',
            file_unique_id: 'x',
            type: 'regular',
            width: 1,
            height: 1,
            is_animated: false,
            is_video: false,
          },
        },
      } as never),
    );
    expect(answer).toMatch(/^Я понимаю только текст/);
    expect(tool.anthropic.requests).toHaveLength(0);
  });
});

describe('Симулятор: the supervisor', () => {
  it("scores «Завершить»'s transcript on the 11 CTRS items with checked quotes and the total summed on the server, saved to the case", async () => {
    const specialist = await playedTwoLinesWithAnna();
    const { scoring, feedback } = await finishWithScore(specialist, 3, ['homework']);
    expect(scoring).toMatch(/Супервизор оценивает сессию/);
    expect(feedback).toContain('Итого: 33 из 66');
    expect(feedback).toContain('1. Повестка: 3/6');
    expect(feedback).toContain('11. Домашнее задание: 3/6');
    expect(feedback).toContain(`«${LINE_2}» (терапевт)`);
    expect(feedback).toMatch(/Цитата не найдена в стенограмме[\s\S]*Давайте составим план/);
    expect(feedback).toContain('Что получилось');
    expect(feedback).toContain('Установить повестку в начале сессии.');
    expect(feedback).toContain('первая оценённая симуляция');

    // The supervisor read the whole transcript and the persona it was played from.
    const request = bodyOf(tool, 2);
    const sent = contentText(request.messages[0]?.content);
    expect(sent).toContain(`Терапевт: ${LINE_1}`);
    expect(sent).toContain(`Клиент: ${CLIENT_2}`);
    expect(sent).toContain('Я никчёмная');

    const results = await tool.service.database.db
      .selectFrom('ai_results')
      .selectAll()
      .where('specialist_user_id', '=', specialist.userId)
      .execute();
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      context_id: specialist.contextId,
      kind: 'simulation',
      review: 'draft',
      prompt_version: 'supervision.v1',
      title: 'Симуляция: Анна, CTRS 33/66',
    });
    const structured = results[0]?.structured as {
      total: number;
      items: { item: string; score: number; quote_found: boolean }[];
    };
    expect(structured.total).toBe(33);
    expect(structured.items).toHaveLength(11);
    expect(structured.items.find((item) => item.item === 'homework')?.quote_found).toBe(false);
    expect(structured.items.find((item) => item.item === 'agenda')?.quote_found).toBe(true);
    expect(lastButtons(tool, specialist)).toEqual([
      `res:ok:${results[0]?.result_id}`,
      `res:fix:${results[0]?.result_id}`,
      'sim:again',
    ]);
  });

  it("marks an item the model left out or scored off the scale as not scored, and doesn't count it", async () => {
    const specialist = await playedTwoLinesWithAnna();
    const answer = ctrsAnswer({ score: 4, quote: LINE_1 });
    answer.items = answer.items.filter((item) => item.item !== 'homework');
    (answer.items[0] as { score: number }).score = 9;
    tool.anthropic.script([{ toolUse: { name: 'record_ctrs_feedback', input: answer } }]);
    const [, feedback] = await repliesTo(tool, specialist, 2, () =>
      press(tool, specialist, 'sim:finish'),
    );
    expect(feedback).toContain('Итого: 36 из 66</b> (оценено пунктов: 9 из 11)');
    expect(feedback).toContain('1. Повестка: не оценено');
    expect(feedback).toContain('11. Домашнее задание: не оценено');
  });

  it('shows the earlier totals in the feedback and with /progress, and starts a new simulation clean', async () => {
    const specialist = await playedTwoLinesWithAnna();
    await finishWithScore(specialist, 2);

    await repliesTo(tool, specialist, 1, () => press(tool, specialist, 'sim:again'));
    await repliesTo(tool, specialist, 1, () =>
      press(tool, specialist, 'sim:p:kirill-procrastination'),
    );
    await repliesTo(tool, specialist, 1, () => press(tool, specialist, 'sim:start'));
    tool.anthropic.reset();
    tool.anthropic.script([{ text: 'Я просто ленивый, наверное.' }]);
    await repliesTo(tool, specialist, 1, () => tool.say(specialist, LINE_2));
    // A new simulation is a new conversation: nothing of Anna's session goes to the model.
    const fresh = bodyOf(tool, 0);
    expect(fresh.messages).toHaveLength(1);
    expect(JSON.stringify(fresh)).not.toContain(CLIENT_1);
    expect(systemText(fresh)).toContain('Стиль речи: plain');

    const { feedback } = await finishWithScore(specialist, 4);
    expect(feedback).toContain('Ваши итоги CTRS по сессиям: 22 → <b>44</b> (эта сессия)');

    const [progress] = await repliesTo(tool, specialist, 1, () =>
      tool.say(specialist, '/progress'),
    );
    expect(progress).toMatch(/Анна: <b>22<\/b>\/66[\s\S]*Кирилл: <b>44<\/b>\/66/);

    // Another specialist's progress is their own.
    const other = await openedSimulator();
    const [theirs] = await repliesTo(tool, other, 1, () => tool.say(other, '/progress'));
    expect(theirs).toMatch(/^Оценённых симуляций пока нет/);
  });

  it('shows a supervisor answer off the scale as text, unscored and out of the progress', async () => {
    const specialist = await playedTwoLinesWithAnna();
    tool.anthropic.script([{ text: 'Сессия в целом **неплохая**.' }]);
    const [, feedback] = await repliesTo(tool, specialist, 2, () =>
      press(tool, specialist, 'sim:finish'),
    );
    expect(feedback).toContain('<b>неплохая</b>');
    expect(feedback).toContain('баллы и цитаты не проверены');
    const result = await tool.service.database.db
      .selectFrom('ai_results')
      .selectAll()
      .where('specialist_user_id', '=', specialist.userId)
      .executeTakeFirstOrThrow();
    expect(result.structured).toBeNull();
    const [progress] = await repliesTo(tool, specialist, 1, () =>
      tool.say(specialist, '/progress'),
    );
    expect(progress).toMatch(/^Оценённых симуляций пока нет/);
  });
});

describe('Симулятор: a persona the specialist describes', () => {
  const description =
    'Мужчина около 40, после развода, считает, что всех подводит, много работает, сопротивление высокое.';
  const built = {
    name: 'Игорь',
    age: 41,
    presenting_problem: 'После развода плохо спит и считает, что всех подвёл.',
    cognitive_model: {
      relevant_history: 'Развёлся год назад, видит сына по выходным.',
      core_beliefs: ['Я всех подвожу'],
      intermediate_beliefs: {
        rules: ['Я должен обеспечивать всех'],
        attitudes: ['Отдыхать — безответственно'],
        assumptions: ['Если я остановлюсь, всё развалится'],
      },
      coping_strategies: ['Работает допоздна'],
      situation: 'Сын попросил прийти на матч, а он остался на работе.',
      automatic_thoughts: ['Я плохой отец'],
      emotions: ['Вина'],
      behaviours: ['Не ответил сыну'],
    },
    style: 'verbose',
    resistance: {
      level: 'high',
      behaviours: ['Говорит «у меня нет выбора» на любое предложение что-то изменить.'],
      softens_only_if:
        'терапевт признаёт его ответственность и вопросами исследует цену переработок.',
    },
  };

  it('builds the persona through tool use, shows it whole before the start, then plays it', async () => {
    const specialist = await openedSimulator();
    const [prompt] = await repliesTo(tool, specialist, 1, () =>
      press(tool, specialist, 'sim:describe'),
    );
    expect(prompt).toMatch(/^Опишите клиента одним сообщением/);
    tool.anthropic.script([
      { toolUse: { name: 'record_persona', input: built } },
      { text: 'Ну, нет у меня выбора.' },
    ]);
    const [card] = await repliesTo(tool, specialist, 1, () => tool.say(specialist, description));
    expect(card).toContain('Игорь, 41');
    expect(card).toContain('Я всех подвожу');
    expect(card).toContain('у меня нет выбора');
    expect(lastButtons(tool, specialist)).toContain('sim:start');
    const request = bodyOf(tool, 0) as unknown as {
      tool_choice: { name: string };
      messages: unknown;
    };
    expect(request.tool_choice.name).toBe('record_persona');
    expect(JSON.stringify(request.messages)).toContain('после развода');

    await repliesTo(tool, specialist, 1, () => press(tool, specialist, 'sim:start'));
    const [answer] = await repliesTo(tool, specialist, 1, () => tool.say(specialist, LINE_1));
    expect(answer).toBe('Ну, нет у меня выбора.');
    const system = systemText(bodyOf(tool, 1));
    expect(system).toContain('Я всех подвожу');
    expect(system).toContain('Стиль речи: verbose');
    expect(system).toContain('Говорит «у меня нет выбора»');
  });

  it("asks for the description again when the model's persona is off the schema", async () => {
    const specialist = await openedSimulator();
    await repliesTo(tool, specialist, 1, () => press(tool, specialist, 'sim:describe'));
    const { resistance: _dropped, ...withoutResistance } = built;
    tool.anthropic.script([
      { toolUse: { name: 'record_persona', input: withoutResistance } },
      { toolUse: { name: 'record_persona', input: built } },
    ]);
    const [failure] = await repliesTo(tool, specialist, 1, () => tool.say(specialist, description));
    expect(failure).toMatch(/^Не удалось составить персонажа/);
    const [card] = await repliesTo(tool, specialist, 1, () => tool.say(specialist, description));
    expect(card).toContain('Игорь, 41');
  });
});

describe('Симулятор: privacy and deletion', () => {
  it('sends the model nothing that identifies the specialist, the client or the case', async () => {
    const specialist = await playedTwoLinesWithAnna();
    await finishWithScore(specialist, 3);
    const sent = JSON.stringify(tool.anthropic.requests.map((request) => request.body));
    expect(tool.anthropic.requests).toHaveLength(3);
    expect(sent).toContain('Что вы почувствовали');
    for (const identifying of [
      String(specialist.id),
      specialist.username,
      'Ирина',
      'Соколова',
      specialist.caseLabel,
      'Петров',
    ]) {
      expect(sent).not.toContain(identifying);
    }
  });

  it('deleting the case deletes its simulations: transcripts, jobs and scores', async () => {
    const specialist = await playedTwoLinesWithAnna();
    await finishWithScore(specialist, 3);
    const db = tool.service.database.db;
    const session = await db
      .selectFrom('tool_sessions')
      .select('session_id')
      .where('context_id', '=', specialist.contextId)
      .executeTakeFirstOrThrow();
    await db.deleteFrom('contexts').where('context_id', '=', specialist.contextId).execute();
    const left = await sql<{ count: number }>`
      select (select count(*) from tool_sessions where session_id = ${session.session_id})
           + (select count(*) from ai_messages where session_id = ${session.session_id})
           + (select count(*) from ai_jobs where session_id = ${session.session_id})
           + (select count(*) from ai_results where context_id = ${specialist.contextId}) as count`.execute(
      db,
    );
    expect(Number(left.rows[0]?.count)).toBe(0);
  });
});
