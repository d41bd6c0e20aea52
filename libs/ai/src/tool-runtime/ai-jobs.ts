import { randomUUID } from 'node:crypto';
import { enqueueJob } from '@psycheos/jobs';
import type { AiJob, Database } from '@psycheos/shared';
import type { Kysely, Transaction } from 'kysely';

/** The graphile-worker task every AI job runs as (run-ai-job.ts). */
export const AI_JOB_TASK = 'ai_job';

export interface AiJobRequest {
  sessionId: string;
  botId: string;
  chatId: number;
  /** Which of the tool's job specs runs it. */
  kind: string;
  /** What the job needs (the specialist's message, a chosen framework ...); deleted with the session. */
  input: Record<string, unknown>;
}

/**
 * Records a model request in the caller's transaction (usually the update's) and queues it
 * in the chat's queue, so a chat's requests are answered one at a time in the order they
 * were sent. Graphile-worker retries a job whose run threw (a database that went away);
 * Claude's own failures are retried inside the run (libs/ai/claude).
 */
export async function requestAiJob(
  tx: Transaction<Database>,
  request: AiJobRequest,
): Promise<string> {
  const jobId = randomUUID();
  await tx
    .insertInto('ai_jobs')
    .values({
      job_id: jobId,
      session_id: request.sessionId,
      bot_id: request.botId,
      chat_id: request.chatId,
      kind: request.kind,
      input: JSON.stringify(request.input),
    })
    .execute();
  await enqueueJob(tx, {
    task: AI_JOB_TASK,
    payload: { jobId },
    queue: `ai:${request.botId}:${request.chatId}`,
    key: jobId,
    maxAttempts: 10,
  });
  return jobId;
}

/** Starts a run: the job's row as it was, or null when it is already answered (a rerun). */
export async function startAiJobRun(db: Kysely<Database>, jobId: string): Promise<AiJob | null> {
  const job = await db
    .updateTable('ai_jobs')
    .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), started_at: new Date() }))
    .where('job_id', '=', jobId)
    .where('status', 'in', ['queued', 'running'])
    .returningAll()
    .executeTakeFirst();
  return job ?? null;
}

export async function rememberPlaceholder(
  db: Kysely<Database>,
  jobId: string,
  messageId: number,
): Promise<void> {
  await db
    .updateTable('ai_jobs')
    .set({ placeholder_message_id: messageId })
    .where('job_id', '=', jobId)
    .execute();
}

/**
 * Ends a run in the caller's transaction, if no other run ended it first: false means the
 * job is already settled (a run taken for dead that was not), and the caller must add
 * nothing. The row lock makes a second run wait here until the first commits.
 */
export async function settleAiJob(
  tx: Transaction<Database>,
  jobId: string,
  outcome: { status: 'done' } | { status: 'failed'; failure: string },
): Promise<boolean> {
  const settled = await tx
    .updateTable('ai_jobs')
    .set({
      status: outcome.status,
      failure: outcome.status === 'failed' ? outcome.failure : null,
      finished_at: new Date(),
    })
    .where('job_id', '=', jobId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return settled.numUpdatedRows > 0n;
}

const RETRIED = 'retried';

/** «Повторить» after a failed request: the same request as a new job, at the end of the chat's queue. */
export async function retryAiJob(
  tx: Transaction<Database>,
  failedJobId: string,
  chatId: number,
): Promise<string | null> {
  const failed = await tx
    .selectFrom('ai_jobs')
    .selectAll()
    .where('job_id', '=', failedJobId)
    .where('chat_id', '=', chatId)
    .where('status', '=', 'failed')
    .where('failure', 'is distinct from', RETRIED)
    .forUpdate()
    .executeTakeFirst();
  if (!failed) return null;
  // The failed job is consumed, so a second tap of the same button queues nothing more.
  await tx
    .updateTable('ai_jobs')
    .set({ failure: 'retried' })
    .where('job_id', '=', failedJobId)
    .execute();
  return requestAiJob(tx, {
    sessionId: failed.session_id,
    botId: failed.bot_id,
    chatId: failed.chat_id,
    kind: failed.kind,
    input: failed.input,
  });
}
