import { randomUUID } from 'node:crypto';
import type { AiJob, Database } from '@psycheos/db';
import { enqueueJobQuietly } from '@psycheos/jobs';
import { type Kysely, sql, type Transaction } from 'kysely';
import { aiJobTaskName } from './ai-job-routing';

export interface AiJobRequest {
  sessionId: string;
  botId: string;
  chatId: number;
  /** The specialist who asks: one request of theirs per tool is prepared at a time. */
  specialistUserId: string;
  /** Which of the tool's job specs runs it. */
  kind: string;
  /** What the job needs (the specialist's message, a chosen framework ...); deleted with the session. */
  input: Record<string, unknown>;
}

/** A request was queued, or one of the specialist's is still being prepared in this tool. */
export type AiJobRequestOutcome = { queued: true; jobId: string } | { queued: false };

/**
 * Records a model request in the caller's transaction (usually the update's) and queues it
 * under its tool's own task, so only that tool's workers can take it (ai-job-routing.ts).
 *
 * One request per specialist per tool is queued or running at a time: a second press while
 * an answer is being prepared queues nothing (the caller says so). That keeps a chat's
 * answers in the order they were asked without a queue named after the chat (graphile-worker
 * keeps queue rows forever, and a chat's id is the person's Telegram id), and it keeps a
 * burst of presses from spending credits the specialist no longer has. The check is safe
 * without a unique index because a chat's updates run one at a time (the pipeline's chat lock).
 *
 * The job is queued without a NOTIFY (enqueueJobQuietly): when 50 presses at once each
 * NOTIFYed, they committed one at a time behind PostgreSQL's notification lock and each
 * other's disk flushes (a third of PostgreSQL's busy time in that burst; docs/BENCHMARKS.md,
 * issue 26). The tool's service wakes a worker once the webhook is answered, that is once
 * this transaction has committed (ai-job-wakeup.ts).
 */
export async function requestAiJob(
  tx: Transaction<Database>,
  request: AiJobRequest,
): Promise<AiJobRequestOutcome> {
  if (await isRequestInProgress(tx, request.botId, request.specialistUserId)) {
    return { queued: false };
  }
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
  await enqueueJobQuietly(tx, {
    task: aiJobTaskName(request.botId),
    payload: { jobId },
    key: jobId,
    maxAttempts: 10,
  });
  return { queued: true, jobId };
}

/**
 * Whether one of the specialist's requests in this tool is queued or running. A job the
 * queue no longer holds, or gave up on after its last attempt while the database was away
 * (so that even telling the specialist failed, ai-job-last-attempt.ts), would otherwise
 * block the tool for good: it is marked failed here instead.
 */
async function isRequestInProgress(
  tx: Transaction<Database>,
  botId: string,
  specialistUserId: string,
): Promise<boolean> {
  const active = await tx
    .selectFrom('ai_jobs')
    .innerJoin('tool_sessions', 'tool_sessions.session_id', 'ai_jobs.session_id')
    .select([
      'ai_jobs.job_id',
      sql<boolean>`exists (
        select 1 from graphile_worker.jobs queued
        where queued.key = ai_jobs.job_id::text and queued.attempts < queued.max_attempts
      )`.as('isQueued'),
    ])
    .where('ai_jobs.bot_id', '=', botId)
    .where('ai_jobs.status', 'in', ['queued', 'running'])
    .where('tool_sessions.specialist_user_id', '=', specialistUserId)
    .execute();
  const abandoned = active.filter((job) => !job.isQueued).map((job) => job.job_id);
  if (abandoned.length > 0) {
    await tx
      .updateTable('ai_jobs')
      .set({ status: 'failed', failure: 'abandoned', finished_at: new Date() })
      .where('job_id', 'in', abandoned)
      .execute();
  }
  return active.length > abandoned.length;
}

/** The job id in a queued AI job's payload, or null for a payload of something else. */
export function jobIdOf(payload: unknown): string | null {
  const jobId = (payload as { jobId?: unknown } | null)?.jobId;
  return typeof jobId === 'string' ? jobId : null;
}

/** Every column of ai_jobs, named: a prepared `select *` goes stale when a column is added. */
const AI_JOB_COLUMNS = [
  'job_id',
  'session_id',
  'bot_id',
  'chat_id',
  'kind',
  'input',
  'status',
  'attempts',
  'placeholder_message_id',
  'failure',
  'created_at',
  'started_at',
  'finished_at',
] as const;

/** Starts a run: the job's row as it was, or null when it is already answered (a rerun). */
export async function startAiJobRun(db: Kysely<Database>, jobId: string): Promise<AiJob | null> {
  const job = await db
    .updateTable('ai_jobs')
    .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), started_at: new Date() }))
    .where('job_id', '=', jobId)
    .where('status', 'in', ['queued', 'running'])
    .returning(AI_JOB_COLUMNS)
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

/** The job's row while it is not settled, or null: for ending it after its last attempt. */
export async function findUnsettledAiJob(
  db: Kysely<Database>,
  jobId: string,
): Promise<AiJob | null> {
  const job = await db
    .selectFrom('ai_jobs')
    .select(AI_JOB_COLUMNS)
    .where('job_id', '=', jobId)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return job ?? null;
}

/**
 * Ends a run in the caller's transaction, if no other run ended it first: false means the
 * job is already settled (a run taken for dead that was not), and the caller must add
 * nothing. The row lock makes a second run wait here until the first commits. A job still
 * `queued` is one whose last attempt failed before its run could start (startAiJobRun).
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
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return settled.numUpdatedRows > 0n;
}

const RETRIED = 'retried';

/** What «Повторить» did: queued the request again, or why not. */
export type RetryOutcome =
  | { retried: true; jobId: string }
  | { retried: false; reason: 'gone' | 'session_closed' | 'case_archived' | 'in_progress' };

/**
 * «Повторить» after a failed request: the same request as a new job, if its session is
 * still open on an active case (a result is never saved to a closed session or an archived
 * case) and no other request of the specialist's is being prepared in this tool.
 */
export async function retryAiJob(
  tx: Transaction<Database>,
  failedJobId: string,
  chatId: number,
): Promise<RetryOutcome> {
  const failed = await tx
    .selectFrom('ai_jobs')
    .innerJoin('tool_sessions', 'tool_sessions.session_id', 'ai_jobs.session_id')
    .leftJoin('contexts', 'contexts.context_id', 'tool_sessions.context_id')
    .select([
      'ai_jobs.session_id',
      'ai_jobs.bot_id',
      'ai_jobs.chat_id',
      'ai_jobs.kind',
      'ai_jobs.input',
      'tool_sessions.specialist_user_id',
      'tool_sessions.context_id',
      'tool_sessions.finished_at as session_finished_at',
      'contexts.status as case_status',
    ])
    .where('ai_jobs.job_id', '=', failedJobId)
    .where('ai_jobs.chat_id', '=', chatId)
    .where('ai_jobs.status', '=', 'failed')
    .where('ai_jobs.failure', 'is distinct from', RETRIED)
    .forUpdate('ai_jobs')
    .executeTakeFirst();
  if (!failed) return { retried: false, reason: 'gone' };
  if (failed.session_finished_at !== null) return { retried: false, reason: 'session_closed' };
  // The trainer's session has no case to be archived.
  if (failed.context_id !== null && failed.case_status !== 'active') {
    return { retried: false, reason: 'case_archived' };
  }
  const request = await requestAiJob(tx, {
    sessionId: failed.session_id,
    botId: failed.bot_id,
    chatId: failed.chat_id,
    specialistUserId: failed.specialist_user_id,
    kind: failed.kind,
    input: failed.input,
  });
  if (!request.queued) return { retried: false, reason: 'in_progress' };
  // The failed job is consumed, so a second tap of the same button queues nothing more.
  await tx
    .updateTable('ai_jobs')
    .set({ failure: RETRIED })
    .where('job_id', '=', failedJobId)
    .execute();
  return { retried: true, jobId: request.jobId };
}
