import type { Database } from '@psycheos/db';
import { enqueueJob, type JobHandler } from '@psycheos/jobs';
import type { Logger } from '@psycheos/platform';
import { type Kysely, sql } from 'kysely';

/**
 * The graphile-worker task one tool's AI jobs run as. Each tool's runner registers only its
 * own, so a worker never even sees another tool's jobs. (When the three tools shared one
 * task name, whichever service polled first took the job and dropped it as unknown: about
 * half of all requests were lost once the services ran against one database.)
 */
export function aiJobTaskName(botId: string): string {
  return `ai_job:${botId}`;
}

/**
 * The task name every tool shared before jobs were routed per tool. A service of the older
 * release, still running during a rolling deploy, may queue a job under it after the
 * migration that moved the rest (2026_12_07_001_ai_job_routing); every tool's runner takes
 * such a job and hands it to its own tool, never runs or drops it.
 */
export const LEGACY_AI_JOB_TASK = 'ai_job';

/** Queues of the older release were named `ai:<bot>:<chat id>`: a person's Telegram id. */
const LEGACY_QUEUE_PREFIX = 'ai:';

export function forwardLegacyAiJob(deps: { db: Kysely<Database>; logger: Logger }): JobHandler {
  return async (payload) => {
    const jobId = (payload as { jobId?: unknown }).jobId;
    if (typeof jobId !== 'string') return;
    const job = await deps.db
      .selectFrom('ai_jobs')
      .select('bot_id')
      .where('job_id', '=', jobId)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    // Settled or deleted with its session: nobody waits for it.
    if (!job) return;
    // The same key: graphile-worker takes it off this (running) job and gives it to the new one.
    await enqueueJob(deps.db, {
      task: aiJobTaskName(job.bot_id),
      payload: { jobId },
      key: jobId,
      maxAttempts: 10,
    });
    deps.logger.info(
      { job_id: jobId, bot: job.bot_id },
      'AI job of the older release handed to its tool',
    );
  };
}

/**
 * Deletes the older release's queue rows named after these people. graphile-worker never
 * deletes a queue row, so without this a deleted account's Telegram id would outlive it.
 */
export async function forgetLegacyAiQueuesOf(
  db: Kysely<Database>,
  telegramIds: readonly number[],
): Promise<void> {
  if (telegramIds.length === 0) return;
  await sql`
    delete from graphile_worker._private_job_queues
    where queue_name like ${`${LEGACY_QUEUE_PREFIX}%`}
      and split_part(queue_name, ':', 3) = any(${telegramIds.map(String)}::text[])
  `.execute(db);
}
