import type { AiJob, Database } from '@psycheos/db';
import type { JobHandler } from '@psycheos/jobs';
import type { Logger } from '@psycheos/platform';
import type { Kysely } from 'kysely';
import { findUnsettledAiJob, jobIdOf } from './ai-jobs';
import { notProcessedNotice, withdrawJob } from './withdraw-ai-job';

/** Why a job ended unanswered when the queue ran out of attempts (ai_jobs.failure). */
export const ATTEMPTS_EXHAUSTED = 'attempts_exhausted';

/**
 * Tells the specialist when an AI job's last attempt fails. A job that throws (the database
 * away, say) is run again by the queue; after its last attempt graphile-worker only keeps it
 * as failed, and the specialist would wait on «Разбираю материал…» with nothing more ever
 * coming (the job was marked abandoned only when they next asked, ai-jobs.ts). So the last
 * failure ends the job the way a job of an unknown kind ends (run-ai-job.ts): failed with a
 * reason, and «Не получилось обработать запрос — нажмите «Повторить»» with the button.
 *
 * The operator gets one warn line with the job, its kind and the error's type and code
 * (SQLSTATE), not its message or stack: a database error's message can quote the value it
 * refused, that is the material. The job then counts as done for the queue, so no error of
 * it is kept in graphile_worker.jobs either.
 * When even that fails (the database still away), the error goes back to the queue, which
 * logs it, and the next request finds the job abandoned.
 */
export function tellOnLastAttempt(
  runJob: JobHandler,
  deps: { db: Kysely<Database>; logger: Logger },
): JobHandler {
  return async (payload, context) => {
    try {
      await runJob(payload, context);
    } catch (error) {
      const jobId = jobIdOf(payload);
      if (context.attempt < context.maxAttempts || jobId === null) throw error;
      let job: AiJob | null;
      try {
        job = await endUnprocessed(deps.db, jobId);
      } catch {
        throw error;
      }
      // Settled by a run taken for dead, or deleted with its session: nobody waits.
      if (!job) return;
      deps.logger.warn(
        {
          job_id: jobId,
          kind: job.kind,
          attempts: context.attempt,
          error_type: error instanceof Error ? error.name : typeof error,
          error_code: (error as { code?: unknown } | null)?.code,
        },
        'AI job failed on its last attempt; the specialist is told to retry',
      );
    }
  };
}

/** Ends the job as failed, with «Повторить» in the chat: the job so ended, or null. */
async function endUnprocessed(db: Kysely<Database>, jobId: string): Promise<AiJob | null> {
  const job = await findUnsettledAiJob(db, jobId);
  if (job) await withdrawJob(db, job, ATTEMPTS_EXHAUSTED, notProcessedNotice(jobId));
  return job;
}
