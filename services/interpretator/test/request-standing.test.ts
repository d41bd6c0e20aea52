import { randomUUID } from 'node:crypto';
import { aiJobTaskName, runtimeTexts } from '@psycheos/ai';
import { type Specialist, startToolHarness, type ToolHarness } from '@psycheos/ai/testing';
import { buttonPress } from '@psycheos/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app';

/**
 * A request is checked again when its job runs, not only when it is queued. With one job
 * at a time (AI_JOB_CONCURRENCY=1), a first specialist's request holds the runner while
 * the model "thinks" (until the test lets it answer), so a second specialist's request
 * waits in the queue; what changes meanwhile decides whether it may still run.
 */
let tool: ToolHarness;
let releaseFirstAnswer: () => void;

beforeAll(async () => {
  tool = await startToolHarness({
    botId: 'interpretator',
    buildApp,
    env: { AI_JOB_CONCURRENCY: '1' },
  });
});
afterAll(() => tool.close());
beforeEach(() => {
  tool.anthropic.reset();
  tool.service.telegram.reset();
  const gate = new Promise<void>((resolve) => {
    releaseFirstAnswer = resolve;
  });
  tool.anthropic.script(async (_request, index) => {
    if (index === 0) await gate;
    return { text: `Ответ ${index + 1}.` };
  });
});

const db = () => tool.service.database.db;

const press = async (specialist: Specialist, data: string) => {
  expect((await tool.service.deliver(buttonPress(specialist, data))).status).toBe(200);
};

async function askForInterpretation(specialist: Specialist) {
  await tool.openSession(specialist);
  await tool.say(specialist, 'Клиентка говорит: «я всё время жду, что меня уволят».');
  await press(specialist, 'int:go');
}

/** A first specialist's request is with the model; the second's waits behind it. */
async function secondRequestWaiting(): Promise<{ first: Specialist; second: Specialist }> {
  const first = await tool.specialist();
  await askForInterpretation(first);
  await vi.waitFor(() => expect(tool.anthropic.requests).toHaveLength(1));
  const second = await tool.specialist();
  await askForInterpretation(second);
  return { first, second };
}

async function jobOf(specialist: Specialist) {
  return db()
    .selectFrom('ai_jobs')
    .select(['job_id', 'status', 'failure'])
    .where('chat_id', '=', specialist.id)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
}

/** Lets the first answer go; the second's job then runs, or is withdrawn. */
async function letTheQueueMove(first: Specialist, second: Specialist) {
  releaseFirstAnswer();
  await tool.textsOnceThereAre(first.id, 5);
  await vi.waitFor(async () => expect((await jobOf(second)).status).not.toMatch(/queued|running/), {
    timeout: 15_000,
  });
  await tool.service.repliesSent();
}

async function expectWithdrawn(second: Specialist, failure: string, notice: string) {
  expect(await jobOf(second)).toMatchObject({ status: 'failed', failure });
  // The model was asked once: for the first specialist only.
  expect(tool.anthropic.requests).toHaveLength(1);
  expect(tool.service.telegram.textsSentTo(second.id).at(-1)).toBe(notice);
  const spent = await db()
    .selectFrom('ai_usage')
    .innerJoin('users', 'users.user_id', 'ai_usage.specialist_user_id')
    .select('ai_usage.job_id')
    .where('users.telegram_id', '=', second.id)
    .execute();
  expect(spent).toEqual([]);
  const saved = await db()
    .selectFrom('ai_results')
    .select('result_id')
    .where('context_id', '=', second.contextId)
    .execute();
  expect(saved).toEqual([]);
}

describe('a request already queued is checked again when it runs', () => {
  it('is withdrawn when the balance ran out meanwhile, with «Пополнить» and nothing charged', async () => {
    const { first, second } = await secondRequestWaiting();
    // An earlier answer (in another tool, say) spent everything the trial gave.
    await db()
      .insertInto('credit_ledger')
      .values({ specialist_user_id: second.userId, kind: 'grant', amount_milli: -2_000_000_000 })
      .execute();
    await letTheQueueMove(first, second);
    await expectWithdrawn(second, 'no_credits', runtimeTexts.noCredits);
  });

  it('is withdrawn when the specialist was blocked meanwhile', async () => {
    const { first, second } = await secondRequestWaiting();
    await db()
      .updateTable('users')
      .set({ status: 'blocked' })
      .where('user_id', '=', second.userId)
      .execute();
    await letTheQueueMove(first, second);
    await expectWithdrawn(second, 'specialist_inactive', runtimeTexts.withdrawnBlocked);
  });

  it('is withdrawn when the specialist finished the session meanwhile', async () => {
    const { first, second } = await secondRequestWaiting();
    await tool.say(second, '/finish');
    await letTheQueueMove(first, second);
    await expectWithdrawn(second, 'session_closed', runtimeTexts.withdrawnSessionClosed);
  });

  it('is withdrawn when the case was archived meanwhile', async () => {
    const { first, second } = await secondRequestWaiting();
    await db()
      .updateTable('contexts')
      .set({ status: 'archived' })
      .where('context_id', '=', second.contextId)
      .execute();
    await letTheQueueMove(first, second);
    await expectWithdrawn(second, 'case_archived', runtimeTexts.withdrawnCaseArchived);
  });

  it('runs when nothing changed', async () => {
    const { first, second } = await secondRequestWaiting();
    await letTheQueueMove(first, second);
    expect(await jobOf(second)).toMatchObject({ status: 'done', failure: null });
    expect(tool.service.telegram.textsSentTo(second.id).at(-1)).toContain('Ответ 2.');
  });
});

describe('one request per specialist per tool at a time', () => {
  it('says a second request is being prepared, queues nothing, and takes the next once answered', async () => {
    const specialist = await tool.specialist();
    await askForInterpretation(specialist);
    await vi.waitFor(() => expect(tool.anthropic.requests).toHaveLength(1));
    await tool.say(specialist, 'А что с бессонницей?');
    expect(tool.service.telegram.textsSentTo(specialist.id).at(-1)).toBe(runtimeTexts.inProgress);
    expect(
      await db()
        .selectFrom('ai_jobs')
        .select('job_id')
        .where('chat_id', '=', specialist.id)
        .execute(),
    ).toHaveLength(1);

    releaseFirstAnswer();
    await tool.textsOnceThereAre(specialist.id, 6);
    await vi.waitFor(async () => expect((await jobOf(specialist)).status).toBe('done'));
    await tool.say(specialist, 'А что с бессонницей?');
    const texts = await tool.textsOnceThereAre(specialist.id, 7);
    expect(texts.at(-1)).toContain('Ответ 2.');
    // The refused question never reached the conversation: the model saw it once.
    const asked = JSON.stringify(tool.anthropic.requests[1]?.body.messages);
    expect(asked.split('А что с бессонницей?')).toHaveLength(2);
  });

  it('does not let a request the queue gave up on block the next: it is marked abandoned', async () => {
    tool.anthropic.script([{ text: 'Ответ на новый запрос.' }]);
    const specialist = await tool.specialist();
    await tool.openSession(specialist);
    const session = await db()
      .selectFrom('tool_sessions')
      .select(['session_id', 'bot_id', 'chat_id'])
      .where('chat_id', '=', specialist.id)
      .where('finished_at', 'is', null)
      .executeTakeFirstOrThrow();
    // A run that died with the database away: its row says running, and the queue has spent
    // every attempt (so even telling the specialist failed).
    const staleJobId = randomUUID();
    await db()
      .insertInto('ai_jobs')
      .values({
        ...session,
        job_id: staleJobId,
        kind: 'interpret',
        input: JSON.stringify({}),
        status: 'running',
      })
      .execute();
    await sql`select graphile_worker.add_job(${aiJobTaskName('interpretator')}::text,
      json_build_object('jobId', ${staleJobId}::text), job_key => ${staleJobId}::text,
      max_attempts => 1, run_at => now() + interval '1 hour')`.execute(db());
    await sql`update graphile_worker._private_jobs set attempts = max_attempts,
      last_error = 'database away' where key = ${staleJobId}`.execute(db());

    await tool.say(specialist, 'Клиентка говорит: «я всё время жду, что меня уволят».');
    await press(specialist, 'int:go');
    await vi.waitFor(async () => expect((await jobOf(specialist)).status).toBe('done'), {
      timeout: 15_000,
    });
    expect(
      await db()
        .selectFrom('ai_jobs')
        .select(['status', 'failure'])
        .where('job_id', '=', staleJobId)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'failed', failure: 'abandoned' });
    await tool.service.repliesSent();
    const texts = tool.service.telegram.textsSentTo(specialist.id);
    expect(texts).not.toContain(runtimeTexts.inProgress);
    expect(texts.at(-1)).toContain('Ответ на новый запрос.');
  });
});

describe('«Повторить»', () => {
  /** A request that failed after every try, and the retry button under its notice. */
  async function failedRequest(): Promise<{ specialist: Specialist; jobId: string }> {
    tool.anthropic.script(Array.from({ length: 4 }, () => ({ error: 529 as const })));
    const specialist = await tool.specialist();
    await askForInterpretation(specialist);
    const job = await vi.waitFor(
      async () => {
        const found = await jobOf(specialist);
        expect(found.status).toBe('failed');
        return found;
      },
      { timeout: 15_000 },
    );
    return { specialist, jobId: job.job_id };
  }

  async function pressRetry(specialist: Specialist, jobId: string): Promise<string | undefined> {
    const update = buttonPress(specialist, `ai:retry:${jobId}`);
    await tool.service.deliver(update);
    const answer = tool.service.telegram
      .callsTo('answerCallbackQuery')
      .find((call) => call.params.callback_query_id === update.callback_query?.id);
    return answer?.params.text as string | undefined;
  }

  it('refuses after /finish and queues nothing', async () => {
    const { specialist, jobId } = await failedRequest();
    await tool.say(specialist, '/finish');
    expect(await pressRetry(specialist, jobId)).toBe(runtimeTexts.retrySessionClosed);
    expect(await jobOf(specialist)).toMatchObject({ job_id: jobId, status: 'failed' });
  });

  it('refuses on an archived case and queues nothing', async () => {
    const { specialist, jobId } = await failedRequest();
    await db()
      .updateTable('contexts')
      .set({ status: 'archived' })
      .where('context_id', '=', specialist.contextId)
      .execute();
    expect(await pressRetry(specialist, jobId)).toBe(runtimeTexts.retryCaseArchived);
    expect(await jobOf(specialist)).toMatchObject({ job_id: jobId, status: 'failed' });
  });
});
