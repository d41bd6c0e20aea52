import { findPersonalTraces, type Person } from '@psycheos/testkit';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AI_TOOL_USES, AI_TOOLS, type AiTool, ASKS_PER_TOOL } from '../src/ai-tools';
import { answerAsAsked, answerTogether, heldAnswers } from '../src/fake-model';
import { newPerson } from '../src/people';
import { usePlatform } from '../src/platform';
import { errorEntries } from '../src/platform-logs';
import { createCase, registerSpecialist } from '../src/pro-flows';
import { untilSettled } from '../src/settled';
import type { TelegramChat } from '../src/telegram-chat';

/** A specialist with a case, and their chat with each AI tool opened for it from pro. */
interface AtTheTools {
  person: Person;
  tools: Record<AiTool, TelegramChat>;
}

describe('the platform: the three AI tools at once', () => {
  const platform = usePlatform();
  beforeAll(() => platform.model.script(answerAsAsked));

  /**
   * New specialists, each with a case, its two tools opened from its card in pro and the
   * trainer from pro's menu, every tool one action before its first request. The admin
   * invites them one by one.
   */
  async function specialistsAtTheTools(names: string[]): Promise<AtTheTools[]> {
    const registered: { person: Person; pro: TelegramChat }[] = [];
    for (const name of names) {
      const person = newPerson(name);
      registered.push({ person, pro: await registerSpecialist(platform, person) });
    }
    return Promise.all(
      registered.map(async ({ person, pro }) => {
        const caseName = `Кейс ${person.first_name}`;
        await createCase(pro, caseName);
        const tools = {} as Record<AiTool, TelegramChat>;
        for (const tool of AI_TOOLS) tools[tool] = await AI_TOOL_USES[tool].open(pro, caseName);
        await Promise.all(AI_TOOLS.map((tool) => AI_TOOL_USES[tool].prepare(tools[tool])));
        return { person, tools };
      }),
    );
  }

  const answersIn = ({ tools }: AtTheTools, tool: AiTool) =>
    tools[tool].sentTexts().filter((text) => AI_TOOL_USES[tool].answer.test(text));

  const jobsOf = (specialists: AtTheTools[]) =>
    platform.db
      .selectFrom('ai_jobs')
      .select(['bot_id', 'chat_id', 'status'])
      .where(
        'chat_id',
        'in',
        specialists.map(({ person }) => person.id),
      )
      .execute();

  it('answers a specialist who asks the three tools at the same moment, once each', async () => {
    const [irina] = (await specialistsAtTheTools(['Ирина'])) as [AtTheTools];
    const { tools } = irina;
    platform.model.reset();
    platform.model.script(answerTogether(platform.model, AI_TOOLS.length));

    await Promise.all(AI_TOOLS.map((tool) => AI_TOOL_USES[tool].ask(tools[tool], 1)));
    await Promise.all(
      AI_TOOLS.map((tool) => tools[tool].waitForSent(AI_TOOL_USES[tool].answer, 1)),
    );

    // The model had the three requests in hand at once: none waited for another tool's answer.
    expect(platform.model.maxConcurrent).toBe(AI_TOOLS.length);
    await untilSettled(platform);
    for (const tool of AI_TOOLS) expect(answersIn(irina, tool), tool).toHaveLength(1);
    expect((await jobsOf([irina])).map((job) => job.status)).toEqual(['done', 'done', 'done']);
  });

  it('answers three specialists each asking the three tools several times, every request exactly once', async () => {
    const specialists = await specialistsAtTheTools(['Анна', 'Борис', 'Вера']);
    platform.model.script(answerAsAsked);

    // Nine conversations at once; in each, the next request goes once the answer is there.
    await Promise.all(
      specialists.flatMap(({ tools }) =>
        AI_TOOLS.map(async (tool) => {
          const use = AI_TOOL_USES[tool];
          for (let n = 1; n <= ASKS_PER_TOOL; n++) {
            await use.ask(tools[tool], n);
            await tools[tool].waitForSent(use.answer, n);
          }
        }),
      ),
    );

    await untilSettled(platform);
    for (const specialist of specialists) {
      for (const tool of AI_TOOLS) {
        const who = `${tool} for ${specialist.person.first_name}`;
        expect(answersIn(specialist, tool), who).toHaveLength(ASKS_PER_TOOL);
      }
    }
    const jobs = await jobsOf(specialists);
    expect(jobs).toHaveLength(specialists.length * AI_TOOLS.length * ASKS_PER_TOOL);
    expect(jobs.filter((job) => job.status !== 'done')).toEqual([]);
    // A tool's worker that takes another tool's job drops it (the bug of issue 21, item 5).
    const dropped = errorEntries(platform.run.lines).filter((entry) =>
      entry.msg.includes('dropped'),
    );
    expect(dropped).toEqual([]);
    expect(errorEntries(platform.run.lines), 'no service logged an error').toEqual([]);
  });

  it('asks a specialist who writes again before the answer to wait, and answers the first once', async () => {
    const [gleb] = (await specialistsAtTheTools(['Глеб'])) as [AtTheTools];
    const simulator = gleb.tools.simulator;
    const held = heldAnswers();
    platform.model.script(held.script);

    await AI_TOOL_USES.simulator.ask(simulator, 1);
    await vi.waitFor(() => expect(platform.model.inFlight).toBe(1), { timeout: 30_000 });
    await simulator.send('Вы меня слышите?');
    await simulator.waitForText(
      '⏳ Предыдущий запрос ещё готовится. Дождитесь ответа, затем отправьте следующий.',
    );
    held.release();

    await simulator.waitForSent(AI_TOOL_USES.simulator.answer, 1);
    await untilSettled(platform);
    expect(answersIn(gleb, 'simulator')).toHaveLength(1);
    expect((await jobsOf([gleb])).map((job) => job.status)).toEqual(['done']);
  });

  it('leaves no trace of a specialist who used the three tools and deleted the account, in any table of any schema', async () => {
    // A ten-digit id no timestamp or counter in the tables could contain by chance.
    const person: Person = { id: 8_765_432_109, first_name: 'Дарья' };
    const caseName = 'Кейс Дарьи Ч.';
    const pro = await registerSpecialist(platform, person);
    await createCase(pro, caseName);
    platform.model.script(answerAsAsked);
    // Every tool opened and prepared before the first answer, as the other stories do: an
    // answer saved to the case would change what the Концептуализатор offers first.
    const chats = [];
    for (const tool of AI_TOOLS) {
      const chat = await AI_TOOL_USES[tool].open(pro, caseName);
      await AI_TOOL_USES[tool].prepare(chat);
      chats.push({ tool, chat });
    }
    for (const { tool, chat } of chats) {
      await AI_TOOL_USES[tool].ask(chat, 1);
      await chat.waitForSent(AI_TOOL_USES[tool].answer, 1);
    }
    await untilSettled(platform);

    await pro.send('/delete_me');
    await pro.press('🗑 Да, удалить всё');
    await pro.waitForText(/^Ваш аккаунт и все данные удалены/);
    await untilSettled(platform);
    // graphile-worker deletes a job once it completed: wait for its rows to go too.
    await vi.waitFor(
      async () =>
        expect(await findPersonalTraces(platform.db, [String(person.id), caseName])).toEqual([]),
      { timeout: 30_000, interval: 500 },
    );
  });
});
