import { labels, texts } from '@psycheos/pro/src/texts';
import { trainerLabels, trainerTexts } from '@psycheos/pro/src/trainer-texts';
import { type ProChat, registerThroughInvite } from '@psycheos/pro/test/pro-chat';
import { type ServiceHarness, type TestDatabase, textMessage } from '@psycheos/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bots, startBots } from '../src/start-bots';

/**
 * The Симулятор as the specialist's trainer: pro and the simulator as in production, on one
 * database. Practice with a fictional client is no real client's case.
 */
describe('pro bot: the trainer («🎓 Тренажёр»)', () => {
  let database: TestDatabase;
  let pro: ServiceHarness;
  let simulator: ServiceHarness;
  let nextPersonId = 470_000;
  let bots: Bots<'pro' | 'simulator'>;
  const db = () => database.db;

  beforeAll(async () => {
    bots = await startBots({ bots: ['pro', 'simulator'] });
    ({ database, pro, simulator } = bots);
  });
  afterAll(async () => {
    await bots?.close();
  });

  /** A registered specialist with one case, back at the main menu. */
  async function specialistWithCase(caseName: string) {
    const chat = await registerThroughInvite(pro, { id: ++nextPersonId, first_name: 'Лена' });
    await chat.send(labels.newCase);
    await chat.send(caseName);
    const row = await db()
      .selectFrom('users')
      .innerJoin('contexts', 'contexts.specialist_user_id', 'users.user_id')
      .select(['users.user_id', 'contexts.context_id'])
      .where('users.telegram_id', '=', chat.person.id)
      .executeTakeFirstOrThrow();
    return { chat, userId: row.user_id, caseId: row.context_id };
  }

  const tokenOf = (chat: ProChat) =>
    new URL(chat.findButton(trainerLabels.openSimulator).url ?? '').searchParams.get('start') ?? '';

  /** A result as the simulator saves one (in no case), or as the release before left one in a case. */
  async function simulationResult(userId: string, title: string, caseId: string | null = null) {
    return db()
      .insertInto('ai_results')
      .values({
        context_id: caseId,
        specialist_user_id: userId,
        bot_id: 'simulator',
        kind: 'simulation',
        title,
        body: `## Оценка сессии по шкале CTRS\n\n**Итого: 33 из 66** (${title})`,
        prompt_version: 'supervision.v2',
        model: 'claude-test',
      })
      .returning('result_id')
      .executeTakeFirstOrThrow();
  }

  it('opens the Симулятор from the main menu with a link for the specialist alone, never for a case', async () => {
    const { chat, userId } = await specialistWithCase('Кейс Т');
    await chat.send('/start');
    expect(chat.replyKeyboard()).toContain(trainerLabels.trainer);

    await chat.send(trainerLabels.trainer);
    expect(chat.lastText()).toBe(
      [trainerTexts.intro, trainerTexts.link, trainerTexts.noResults].join('\n\n'),
    );
    const token = tokenOf(chat);
    const link = await db()
      .selectFrom('launch_tokens')
      .select(['bot_id', 'specialist_user_id', 'context_id'])
      .where('token', '=', token)
      .executeTakeFirstOrThrow();
    expect(link).toEqual({ bot_id: 'simulator', specialist_user_id: userId, context_id: null });

    await simulator.deliver(textMessage(chat.person, `/start ${token}`));
    const shown = simulator.telegram.textsSentTo(chat.person.id);
    expect(shown[0]).toMatch(/^Симулятор открыт как тренажёр/);
    expect(shown.join('\n')).not.toContain('Кейс Т');
    const bound = await db()
      .selectFrom('bot_chat_state')
      .select('context_id')
      .where('bot_id', '=', 'simulator')
      .where('chat_id', '=', chat.person.id)
      .executeTakeFirstOrThrow();
    expect(bound.context_id).toBeNull();
  });

  it('lists the trainer’s results there and opens one in full, while a case’s history shows none', async () => {
    const { chat, userId, caseId } = await specialistWithCase('Кейс У');
    const practice = await simulationResult(userId, 'Симуляция: Анна, CTRS 33/66');
    // Left in the case by the release before the trainer: still no part of the case's history.
    await simulationResult(userId, 'Симуляция: Олег, CTRS 20/66', caseId);
    const other = await specialistWithCase('Чужой кейс');
    await simulationResult(other.userId, 'Симуляция: Вера, CTRS 50/66');

    await chat.send(trainerLabels.trainer);
    expect(chat.lastText()).toContain(trainerTexts.results);
    const entries = chat.inlineButtons().filter((button) => button.callback_data);
    expect(entries.map((button) => button.text)).toEqual([
      expect.stringMatching(/ · Симуляция: Анна, CTRS 33\/66 · 📝 черновик$/),
    ]);
    await chat.press(entries[0]?.callback_data ?? '');
    expect(chat.lastText()).toContain('Итого: 33 из 66');
    expect(entries[0]?.callback_data).toBe(`hist:open:${practice.result_id}`);

    await chat.send(labels.myCases);
    await chat.pressButton('Кейс У');
    await chat.pressButton(labels.history);
    expect(chat.lastText()).toBe(texts.historyEmpty('Кейс У'));
    expect(JSON.stringify(chat.inlineButtons())).not.toContain('Симуляция');
  });

  it('deletes the trainer’s sessions, conversations and results with the account (/delete_me)', async () => {
    const { chat, userId } = await specialistWithCase('Кейс Ф');
    await chat.send(trainerLabels.trainer);
    await simulator.deliver(textMessage(chat.person, `/start ${tokenOf(chat)}`));
    const session = await db()
      .selectFrom('tool_sessions')
      .select('session_id')
      .where('specialist_user_id', '=', userId)
      .where('bot_id', '=', 'simulator')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('ai_messages')
      .values({ session_id: session.session_id, topic: 1, role: 'user', content: 'Здравствуйте' })
      .execute();
    await simulationResult(userId, 'Симуляция: Анна, CTRS 33/66');

    await chat.send('/delete_me');
    await chat.pressButton(labels.confirmDeleteMe);
    const left = await sql<{ count: number }>`
      select (select count(*) from tool_sessions where specialist_user_id = ${userId})
           + (select count(*) from ai_messages where session_id = ${session.session_id})
           + (select count(*) from ai_results where specialist_user_id = ${userId})
           + (select count(*) from launch_tokens where specialist_user_id = ${userId})
           + (select count(*) from bot_chat_state
                where bot_id = 'simulator' and chat_id = ${chat.person.id}) as count`.execute(db());
    expect(Number(left.rows[0]?.count)).toBe(0);
  });
});
