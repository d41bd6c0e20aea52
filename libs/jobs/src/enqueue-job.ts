import { type Kysely, sql } from 'kysely';

export interface JobRequest {
  /** The task that runs it: a key of the runner's task list. */
  task: string;
  payload: Record<string, unknown>;
  /**
   * Jobs of one queue run one at a time, in the order they were added: a chat's second
   * message waits for the answer to its first. Jobs without a queue run side by side.
   */
  queue?: string;
  /** A key that makes adding the same job twice add it once (a redelivered update). */
  key?: string;
  /** Tries before graphile-worker gives up on a job that keeps throwing. */
  maxAttempts?: number;
  /**
   * Not before this moment (a questionnaire due next week); now when absent. With a key,
   * a job already waiting keeps its own time: queuing it again never moves it.
   */
  runAt?: Date;
}

/**
 * Adds a job in the caller's transaction, so it exists exactly when what asked for it
 * commits: a handler that rolls back leaves no job behind, and a committed update always
 * has its job. `graphile_worker.add_job` is the queue's public SQL interface; it also
 * NOTIFYs the runners, at commit, so the job starts within milliseconds.
 */
export async function enqueueJob(
  // biome-ignore lint/suspicious/noExplicitAny: any schema; the queue lives in its own
  db: Kysely<any>,
  job: JobRequest,
): Promise<void> {
  await sql`
    select graphile_worker.add_job(
      identifier => ${job.task}::text,
      payload => ${JSON.stringify(job.payload)}::json,
      queue_name => ${job.queue ?? null}::text,
      run_at => ${job.runAt?.toISOString() ?? null}::timestamptz,
      max_attempts => ${job.maxAttempts ?? 5}::int,
      job_key => ${job.key ?? null}::text,
      job_key_mode => 'preserve_run_at'
    )
  `.execute(db);
}
