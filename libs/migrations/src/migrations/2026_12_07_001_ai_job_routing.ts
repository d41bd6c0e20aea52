import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * AI jobs are routed per tool (issue 21): each tool's jobs run as the graphile-worker task
 * `ai_job:<bot>` (libs/ai/src/tool-runtime/ai-job-routing.ts) instead of the one `ai_job`
 * all three shared, and no longer in a queue named `ai:<bot>:<chat id>`.
 * - The requests still waiting under the old name are handed to their own tool, with the
 *   same key (a job already running under the old name finishes there; its copy then finds
 *   it settled and does nothing).
 * - The old name's leftover jobs (answered or deleted requests) go, and so do the old
 *   queue rows, which graphile-worker never deletes and which carry a person's Telegram id.
 * - A partial index finds a specialist's request in progress, which allows one at a time.
 * On a fresh database graphile-worker's schema does not exist yet (it is installed after
 * these migrations), and there is nothing to move.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`
    create index ai_jobs_in_progress_idx on ai_jobs (bot_id) where status in ('queued', 'running')
  `.execute(db);
  await sql`
    do $$
    begin
      if to_regclass('graphile_worker._private_jobs') is null then
        return;
      end if;
      perform graphile_worker.add_job(
        identifier => 'ai_job:' || ai_jobs.bot_id,
        payload => json_build_object('jobId', ai_jobs.job_id::text),
        max_attempts => 10,
        job_key => ai_jobs.job_id::text,
        job_key_mode => 'replace'
      )
      from ai_jobs
      join graphile_worker.jobs old_job
        on old_job.key = ai_jobs.job_id::text and old_job.task_identifier = 'ai_job'
      where ai_jobs.status in ('queued', 'running');
      delete from graphile_worker._private_jobs old_job
      using graphile_worker._private_tasks task
      where task.id = old_job.task_id and task.identifier = 'ai_job' and old_job.locked_at is null;
      delete from graphile_worker._private_job_queues queue
      where queue.queue_name like 'ai:%' and queue.locked_at is null
        and not exists (
          select 1 from graphile_worker._private_jobs job where job.job_queue_id = queue.id
        );
    end
    $$
  `.execute(db);
}

/** Back to the one shared task name, which is what the previous release's runners take. */
export async function down(db: AnyDb): Promise<void> {
  await sql`
    do $$
    begin
      if to_regclass('graphile_worker._private_jobs') is null then
        return;
      end if;
      perform graphile_worker.add_job(
        identifier => 'ai_job',
        payload => json_build_object('jobId', ai_jobs.job_id::text),
        max_attempts => 10,
        job_key => ai_jobs.job_id::text,
        job_key_mode => 'replace'
      )
      from ai_jobs
      join graphile_worker.jobs new_job
        on new_job.key = ai_jobs.job_id::text and new_job.task_identifier like 'ai_job:%'
      where ai_jobs.status in ('queued', 'running');
    end
    $$
  `.execute(db);
  await sql`drop index ai_jobs_in_progress_idx`.execute(db);
}
