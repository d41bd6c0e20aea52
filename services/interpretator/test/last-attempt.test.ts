import { randomUUID } from 'node:crypto';
import { aiJobTaskName, retryButton, runtimeTexts } from '@psycheos/ai';
import { type Specialist, startToolHarness, type ToolHarness } from '@psycheos/ai/testing';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app';

/**
 * A job that throws (a failure of ours: the database) is run again by the queue; when its
 * last attempt fails too, the specialist must hear of it, not wait on «Разбираю материал…»
 * for ever. The failure is a real one, injected at the database: a trigger refuses the
 * question as the answer is saved, so the saving transaction fails each time, with an error
 * that quotes the refused value (as PostgreSQL's own errors about a value do).
 */
const QUESTION = 'Клиентка сказала: «я никому не нужна, даже дома». Что это может значить?';

let tool: ToolHarness;
beforeAll(async () => {
  tool = await startToolHarness({ botId: 'interpretator', buildApp });
});
afterAll(() => tool.close());
beforeEach(async () => {
  tool.anthropic.reset();
  tool.service.telegram.reset();
  await sql`create function refuse_the_question() returns trigger language plpgsql as $$
    begin
      if new.content = ${sql.lit(QUESTION)} then raise exception 'refused: %', new.content; end if;
      return new;
    end $$`.execute(db());
  await sql`create trigger refuse_the_question before insert on ai_messages
    for each row execute function refuse_the_question()`.execute(db());
});
afterEach(async () => {
  await sql`drop trigger refuse_the_question on ai_messages`.execute(db());
  await sql`drop function refuse_the_question()`.execute(db());
});

const db = () => tool.service.database.db;

/** The specialist's follow-up question, queued as requestAiJob does but with `maxAttempts`. */
async function askWithAttempts(specialist: Specialist, maxAttempts: number): Promise<string> {
  await tool.openSession(specialist);
  const session = await db()
    .selectFrom('tool_sessions')
    .select(['session_id', 'bot_id', 'chat_id'])
    .where('chat_id', '=', specialist.id)
    .where('finished_at', 'is', null)
    .executeTakeFirstOrThrow();
  const jobId = randomUUID();
  await db()
    .insertInto('ai_jobs')
    .values({
      ...session,
      job_id: jobId,
      kind: 'follow-up',
      input: JSON.stringify({ question: QUESTION }),
    })
    .execute();
  await sql`select graphile_worker.add_job(${aiJobTaskName('interpretator')}::text,
    json_build_object('jobId', ${jobId}::text), job_key => ${jobId}::text,
    max_attempts => ${maxAttempts}::int)`.execute(db());
  return jobId;
}

const jobRow = (jobId: string) =>
  db()
    .selectFrom('ai_jobs')
    .select(['status', 'failure'])
    .where('job_id', '=', jobId)
    .executeTakeFirstOrThrow();

const noticesTo = (specialist: Specialist) =>
  tool.service.telegram
    .callsTo('sendMessage')
    .filter(
      (call) =>
        call.params.chat_id === specialist.id && call.params.text === runtimeTexts.notProcessed,
    );

const noticesOnceSent = async (specialist: Specialist) => {
  await tool.service.repliesSent();
  return noticesTo(specialist);
};

describe('an AI job whose every attempt fails', () => {
  it('tells the specialist after the last attempt, with «Повторить», and logs one warn line without the material', async () => {
    const specialist = await tool.specialist();
    const jobId = await askWithAttempts(specialist, 1);

    await vi.waitFor(async () => expect(await noticesOnceSent(specialist)).toHaveLength(1), {
      timeout: 15_000,
    });
    expect(noticesTo(specialist)[0]?.params.reply_markup).toEqual(retryButton(jobId));
    expect(await jobRow(jobId)).toEqual({ status: 'failed', failure: 'attempts_exhausted' });
    expect(tool.anthropic.requests).toHaveLength(1);
    const told = tool.service.logLines.filter((line) => line.includes('its last attempt'));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('"level":40');
    expect(told[0]).toContain('"error_code":"P0001"');
    const logs = tool.service.logLines.join('\n');
    expect(logs).not.toContain('никому не нужна');
  });

  it('says nothing while attempts remain, and once when the last one fails', async () => {
    const specialist = await tool.specialist();
    const jobId = await askWithAttempts(specialist, 2);

    await vi.waitFor(
      async () => {
        const queued = await sql<{ attempts: number; failed: boolean }>`
          select attempts, last_error is not null as failed
          from graphile_worker.jobs where key = ${jobId}`.execute(db());
        expect(queued.rows).toEqual([{ attempts: 1, failed: true }]);
      },
      { timeout: 15_000 },
    );
    await tool.service.repliesSent();
    expect(noticesTo(specialist)).toEqual([]);
    expect((await jobRow(jobId)).status).toBe('running');

    // graphile-worker's backoff after a first failure is about three seconds.
    await vi.waitFor(async () => expect(await noticesOnceSent(specialist)).toHaveLength(1), {
      timeout: 15_000,
    });
    expect(tool.anthropic.requests).toHaveLength(2);
    expect(await jobRow(jobId)).toEqual({ status: 'failed', failure: 'attempts_exhausted' });
  });
});
