import { EventEmitter } from 'node:events';
import {
  Logger as GraphileLogger,
  type LogLevel,
  type Runner,
  run,
  type Task,
  type WorkerEvents,
} from 'graphile-worker';
import pg from 'pg';
import type { Logger } from 'pino';
import { WorkerLiveness } from './worker-liveness';
import { WorkerWakeup } from './worker-wakeup';

export interface JobContext {
  /** graphile-worker's job id; stable across retries of the same job. */
  jobId: string;
  attempt: number;
  maxAttempts: number;
  /** Fires when the service is stopping: the job should give up, and will run again. */
  signal: AbortSignal;
}

export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

export interface JobRunnerOptions {
  /** A direct connection (DATABASE_URL): the runner LISTENs, which a pooler cannot carry. */
  connectionString: string;
  /** Jobs run at once in this process, at most. */
  concurrency: number;
  tasks: Record<string, JobHandler>;
  logger: Logger;
  /**
   * How often the runner looks for a job nothing woke it for: a retry or a scheduled job come
   * due, a job another process queued quietly and died before waking anyone, a NOTIFY lost.
   * That is how late such a job starts at most (POLL_INTERVAL_MS unless a test says otherwise).
   * One idle worker looks each time, not every worker (worker-wakeup.ts).
   */
  pollIntervalMs?: number;
  /** Liveness timings; tests shorten them. */
  heartbeatMs?: number;
  deadAfterSeconds?: number;
  applicationName?: string;
}

export interface JobRunner {
  /**
   * For `count` jobs this process queued with enqueueJobQuietly, once their transaction has
   * committed: a worker looks for them now instead of at its next poll (worker-wakeup.ts).
   */
  wake(count?: number): void;
  /** Lets the jobs in flight finish (or abort, after a grace period), then closes. */
  stop(): Promise<void>;
}

/**
 * The runner's poll. Jobs queued with a NOTIFY (enqueueJob) or woken by the process that
 * queued them (enqueueJobQuietly, wake) start at once; only the jobs above wait for it.
 * graphile-worker's own poll, once a second in every worker, was 24 of the idle platform's
 * 73 PostgreSQL transactions a second with the three AI tools' 8 workers each
 * (docs/BENCHMARKS.md).
 */
const POLL_INTERVAL_MS = 5_000;
/**
 * Each worker's own poll in graphile-worker, kept only as a backstop behind the runner's:
 * a worker whose look failed (the database away) also tries again at the runner's poll.
 */
const WORKER_BACKSTOP_POLL_MS = 5 * 60_000;

/**
 * Runs jobs with graphile-worker: at most `concurrency` at once, each queue's jobs one at
 * a time in order, a job that throws retried with exponential backoff. The queue's schema
 * is installed (or upgraded) by graphile-worker itself when the runner starts, under its
 * own lock, so any number of services may start at once.
 */
export async function startJobRunner(options: JobRunnerOptions): Promise<JobRunner> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    // One connection per job, one to LISTEN, one for the heartbeat.
    max: options.concurrency + 2,
    application_name: options.applicationName ?? 'psycheos-jobs',
  });
  pool.on('error', (error) => options.logger.warn({ err: error }, 'job queue connection lost'));
  const liveness = new WorkerLiveness({
    pool,
    onError: (error) => options.logger.warn({ err: error }, 'job worker heartbeat failed'),
    heartbeatMs: options.heartbeatMs,
    deadAfterSeconds: options.deadAfterSeconds,
  });
  const taskList: Record<string, Task> = {};
  for (const [name, handler] of Object.entries(options.tasks)) {
    taskList[name] = (payload, helpers) =>
      handler(payload, {
        jobId: helpers.job.id,
        attempt: helpers.job.attempts,
        maxAttempts: helpers.job.max_attempts,
        signal: helpers.abortSignal ?? new AbortController().signal,
      });
  }
  // Workers are created inside run(), so the listeners go on before it.
  const events: WorkerEvents = new EventEmitter();
  const wakeup = new WorkerWakeup({
    pool,
    onError: (error) => options.logger.warn({ err: error }, 'job worker wake-up not sent'),
  });
  events.on('worker:create', ({ worker }) => {
    wakeup.add(worker);
    liveness.add(worker.workerId);
  });
  events.on('worker:release', ({ worker }) => wakeup.remove(worker));
  events.on('job:start', ({ worker }) => wakeup.lookEnded(worker, true));
  events.on('worker:getJob:empty', ({ worker }) => wakeup.lookEnded(worker, false));
  events.on('worker:getJob:error', ({ worker }) => wakeup.lookEnded(worker, false));
  events.on('worker:stop', ({ worker }) => {
    wakeup.remove(worker);
    liveness.remove(worker.workerId);
  });
  const pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;
  let runner: Runner;
  try {
    runner = await run({
      events,
      pgPool: pool,
      concurrency: options.concurrency,
      pollInterval: Math.max(WORKER_BACKSTOP_POLL_MS, pollIntervalMs),
      noHandleSignals: true,
      taskList,
      logger: graphileLoggerFor(options.logger),
    });
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  await liveness.start();
  const poll = setInterval(() => wakeup.lookForDueJobs(), pollIntervalMs);
  poll.unref();
  return {
    wake: (count) => wakeup.wake(count),
    async stop() {
      clearInterval(poll);
      await runner.stop();
      await wakeup.stop();
      await liveness.stop();
      await pool.end();
    },
  };
}

/**
 * graphile-worker's log lines into ours: its debug chatter stays at debug. A failed attempt
 * is logged in our own words, with the job's id, task and attempt and the error's type and
 * code only: graphile-worker's line quotes the error's message, and a database error quotes
 * the value it refused, which can be a client's words.
 */
export function graphileLoggerFor(logger: Logger): GraphileLogger {
  const jobs = logger.child({ component: 'jobs' });
  return new GraphileLogger(() => (level: LogLevel, message: string, meta?: unknown) => {
    const failed = failedAttemptOf(meta);
    if (failed) {
      const last = failed.attempt >= failed.max_attempts;
      if (last) jobs.error(failed, 'a job failed on its last attempt');
      else jobs.warn(failed, 'a job attempt failed; it will be retried');
    } else if (level === 'error') jobs.error(message);
    else if (level === 'warning') jobs.warn(message);
    else if (level === 'info') jobs.info(message);
    else jobs.debug(message);
  });
}

/** What may be logged of a failed attempt, from graphile-worker's meta: never the error's text. */
function failedAttemptOf(meta: unknown) {
  const { failure, job, error } = (meta ?? {}) as {
    failure?: boolean;
    job?: { id?: string; task_identifier?: string; attempts?: number; max_attempts?: number };
    error?: { name?: unknown; code?: unknown };
  };
  if (failure !== true || !job) return null;
  return {
    job_id: job.id,
    task: job.task_identifier,
    attempt: job.attempts ?? 0,
    max_attempts: job.max_attempts ?? 0,
    error_type: typeof error?.name === 'string' ? error.name : undefined,
    error_code: typeof error?.code === 'string' ? error.code : undefined,
  };
}
