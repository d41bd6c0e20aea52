import { type Kysely, sql } from 'kysely';
import type { JobRequest } from './enqueue-job';

/**
 * Adds a job in the caller's transaction as enqueueJob does (the same key, run-at and
 * attempts rules: add_jobs' own statements at graphile-worker 0.16.6, pinned), but without
 * its NOTIFY. Use it where many transactions enqueue at once and each must commit fast: a
 * transaction that NOTIFYs takes PostgreSQL's one notification-queue lock at commit and
 * holds it until its commit record is flushed, so 50 specialists pressing at once committed
 * one after another, each behind the others' disk flushes (the webhook's p99 was 423 ms;
 * docs/BENCHMARKS.md). The job is as durable as with enqueueJob; what changes is who wakes
 * a worker: the process that committed it calls JobRunner.wake() once it has, and every
 * runner's poll (pollIntervalMs) finds it otherwise (a process that died right after the
 * commit).
 *
 * It writes graphile-worker's private tables (as the AI routing migration does); its tests
 * run against the real schema, so an upgrade that changes them fails there first.
 */
export async function enqueueJobQuietly(
  // biome-ignore lint/suspicious/noExplicitAny: any schema; the queue lives in its own
  db: Kysely<any>,
  job: JobRequest,
): Promise<void> {
  const key = job.key ?? null;
  const queue = job.queue ?? null;
  // The task and queue rows exist before the job refers to them (a statement of its own, so
  // the next one sees a row another transaction has just added); a job of this key that is
  // running already keeps running and loses its key, so this one is added beside it.
  await sql`
    with unkeyed as (
      update graphile_worker._private_jobs
      set key = null, attempts = max_attempts, updated_at = now()
      where ${key}::text is not null and key = ${key}::text and is_available is not true
    ),
    queue as (
      insert into graphile_worker._private_job_queues (queue_name)
      select ${queue}::text where ${queue}::text is not null
      on conflict do nothing
    )
    insert into graphile_worker._private_tasks (identifier) values (${job.task}::text)
    on conflict do nothing
  `.execute(db);
  await sql`
    insert into graphile_worker._private_jobs as jobs
      (job_queue_id, task_id, payload, run_at, max_attempts, key)
    select
      (select id from graphile_worker._private_job_queues where queue_name = ${queue}::text),
      (select id from graphile_worker._private_tasks where identifier = ${job.task}::text),
      ${JSON.stringify(job.payload)}::json,
      coalesce(${job.runAt?.toISOString() ?? null}::timestamptz, now()),
      ${job.maxAttempts ?? 5}::smallint,
      ${key}::text
    on conflict (key) do update set
      job_queue_id = excluded.job_queue_id,
      task_id = excluded.task_id,
      payload = excluded.payload,
      max_attempts = excluded.max_attempts,
      run_at = case when jobs.attempts = 0 then jobs.run_at else excluded.run_at end,
      revision = jobs.revision + 1,
      attempts = 0,
      last_error = null,
      updated_at = now()
    where jobs.locked_at is null
  `.execute(db);
}
