import { randomUUID } from 'node:crypto';
import { aiJobTaskName, LEGACY_AI_JOB_TASK, retryButton, runtimeTexts } from '@psycheos/ai';
import { type Specialist, startToolHarness, type ToolHarness } from '@psycheos/ai/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app';

/**
 * Each tool's jobs are its own: the whole platform shares one database, and a job taken by
 * another tool used to be dropped. Shown here on one tool's runner; the whole-platform
 * suite (e2e/) runs the three tools together.
 */
let tool: ToolHarness;
beforeAll(async () => {
  tool = await startToolHarness({ botId: 'interpretator', buildApp });
});
afterAll(() => tool.close());
beforeEach(() => {
  tool.anthropic.reset();
  tool.service.telegram.reset();
});

const db = () => tool.service.database.db;

/** A request recorded as requestAiJob records it, queued under `task` as a given release would. */
async function recordRequest(
  session: { session_id: string; bot_id: string; chat_id: number },
  kind: string,
  task: string,
  queue: string | null = null,
): Promise<string> {
  const jobId = randomUUID();
  await db()
    .insertInto('ai_jobs')
    .values({
      job_id: jobId,
      session_id: session.session_id,
      bot_id: session.bot_id,
      chat_id: session.chat_id,
      kind,
      input: JSON.stringify({ question: 'Что дальше?' }),
    })
    .execute();
  await sql`select graphile_worker.add_job(${task}::text, json_build_object('jobId', ${jobId}::text),
    queue_name => ${queue}::text, job_key => ${jobId}::text)`.execute(db());
  return jobId;
}

async function openSessionOf(specialist: Specialist) {
  await tool.openSession(specialist);
  return db()
    .selectFrom('tool_sessions')
    .select(['session_id', 'bot_id', 'chat_id'])
    .where('chat_id', '=', specialist.id)
    .where('finished_at', 'is', null)
    .executeTakeFirstOrThrow();
}

const statusOf = async (jobId: string) =>
  (
    await db()
      .selectFrom('ai_jobs')
      .select(['status', 'failure'])
      .where('job_id', '=', jobId)
      .executeTakeFirstOrThrow()
  ).status;

describe('AI job routing', () => {
  it('answers a follow-up queued under the older release’s shared task name, once', async () => {
    const specialist = await tool.specialist();
    const session = await openSessionOf(specialist);
    tool.anthropic.script([{ text: 'Ответ на вопрос.' }]);
    const jobId = await recordRequest(
      session,
      'follow-up',
      LEGACY_AI_JOB_TASK,
      `ai:interpretator:${specialist.id}`,
    );
    const texts = await tool.textsOnceThereAre(specialist.id, 4);
    expect(texts.at(-1)).toBe('Ответ на вопрос.');
    await vi.waitFor(async () => expect(await statusOf(jobId)).toBe('done'));
    expect(tool.anthropic.requests).toHaveLength(1);
  });

  it('hands another tool’s job under the old name to that tool instead of running or dropping it', async () => {
    const specialist = await tool.specialist();
    const simulatorSession = await db()
      .insertInto('tool_sessions')
      .values({
        bot_id: 'simulator',
        context_id: specialist.contextId,
        specialist_user_id: specialist.userId,
        chat_id: specialist.id,
      })
      .returning(['session_id', 'bot_id', 'chat_id'])
      .executeTakeFirstOrThrow();
    const jobId = await recordRequest(
      simulatorSession,
      'client-turn',
      LEGACY_AI_JOB_TASK,
      `ai:simulator:${specialist.id}`,
    );
    const handedOver = await vi.waitFor(
      async () => {
        const row = await sql<{ task_identifier: string }>`
          select task_identifier from graphile_worker.jobs where key = ${jobId}`.execute(db());
        expect(row.rows.map((job) => job.task_identifier)).toEqual([aiJobTaskName('simulator')]);
        return row.rows;
      },
      { timeout: 10_000 },
    );
    expect(handedOver).toHaveLength(1);
    // Waiting for the Симулятор: not run here, not failed, nothing said in the chat.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await statusOf(jobId)).toBe('queued');
    expect(tool.anthropic.requests).toEqual([]);
    expect(tool.service.telegram.textsSentTo(specialist.id)).toEqual([]);
  });

  it('fails a job of a kind it does not know with a reason the specialist is told, and logs no error', async () => {
    const specialist = await tool.specialist();
    const session = await openSessionOf(specialist);
    const errorsBefore = tool.service.logLines.filter((line) => line.includes('"level":50')).length;
    const jobId = await recordRequest(
      session,
      'from-a-newer-release',
      aiJobTaskName('interpretator'),
    );
    const texts = await tool.textsOnceThereAre(specialist.id, 4);
    expect(texts.at(-1)).toBe(runtimeTexts.notProcessed);
    const notice = tool.service.telegram
      .callsTo('sendMessage')
      .find((call) => call.params.text === runtimeTexts.notProcessed);
    expect(notice?.params.reply_markup).toEqual(retryButton(jobId));
    expect(await statusOf(jobId)).toBe('failed');
    expect(tool.anthropic.requests).toEqual([]);
    const errors = tool.service.logLines.filter((line) => line.includes('"level":50'));
    expect(errors).toHaveLength(errorsBefore);
  });
});
