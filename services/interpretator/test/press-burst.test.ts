import { type Specialist, startToolHarness, type ToolHarness } from '@psycheos/ai/testing';
import { buttonPress } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app';

/**
 * Requests are queued without a NOTIFY and their workers woken by the webhook that queued
 * them (issue 26): a burst of presses at once still gets every request answered, once. The
 * workers poll only once a minute here, so every request is started by that wake-up.
 */
let tool: ToolHarness;
beforeAll(async () => {
  tool = await startToolHarness({
    botId: 'interpretator',
    buildApp: (deps, options) => buildApp(deps, { ...options, jobPollIntervalMs: 60_000 }),
  });
});
afterAll(() => tool.close());

const MATERIAL =
  'Клиент говорит: «я всё время жду, что меня уволят». На работе новый руководитель.';

const interpretation = {
  summary: 'Тревога, связанная со сменой руководителя.',
  hypotheses: [
    {
      title: 'Катастрофизация',
      explanation: 'Ожидание увольнения без явных признаков угрозы.',
      evidence: ['я всё время жду, что меня уволят'],
    },
  ],
  alternatives: [],
  questions: ['Что изменилось?'],
  risks: [],
};

describe('a burst of presses', () => {
  it('answers each of ten specialists pressing at once exactly once, with one model request each', async () => {
    const people: Specialist[] = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const specialist = await tool.specialist();
        await tool.openSession(specialist);
        await tool.say(specialist, MATERIAL);
        return specialist;
      }),
    );
    tool.anthropic.reset();
    tool.anthropic.script(() => ({
      toolUse: { name: 'record_interpretation', input: interpretation },
      chunkDelayMs: 2,
    }));
    const statuses = await Promise.all(
      people.map(
        async (person) => (await tool.service.deliver(buttonPress(person, 'int:go'))).status,
      ),
    );
    expect(statuses).toEqual(people.map(() => 200));
    const db = tool.service.database.db;
    const ids = people.map((person) => person.id);
    await vi.waitFor(
      async () => {
        const done = await db
          .selectFrom('ai_jobs')
          .select('chat_id')
          .where('chat_id', 'in', ids)
          .where('status', '=', 'done')
          .execute();
        expect(done).toHaveLength(people.length);
      },
      { timeout: 40_000, interval: 100 },
    );
    await tool.service.repliesSent();
    for (const person of people) {
      const finals = tool.service.telegram
        .textsSentTo(person.id)
        .filter((text) => text.includes('Рабочие гипотезы'));
      expect(finals).toHaveLength(1);
    }
    expect(tool.anthropic.requests).toHaveLength(people.length);
    const results = await db
      .selectFrom('ai_results')
      .select('specialist_user_id')
      .where(
        'specialist_user_id',
        'in',
        people.map((person) => person.userId),
      )
      .execute();
    expect(results).toHaveLength(people.length);
  }, 60_000);
});
