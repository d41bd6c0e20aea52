import { createLaunchToken, type Database, type ScheduleCadenceDays } from '@psycheos/db';
import type { JobHandler } from '@psycheos/jobs';
import type { Clock } from '@psycheos/platform';
import { loadInstruments } from '@psycheos/screening';
import type { ServiceHarness } from '@psycheos/testkit';
import { type Kysely, sql } from 'kysely';
import { DEFAULT_DAYTIME } from '../src/config';
import { DaytimeWindow } from '../src/schedule/daytime-window';
import { scheduleTasks } from '../src/schedule/schedule-tasks';
import { texts } from '../src/texts';

/** A clock a test sets by hand: "it is now 10:00 in Moscow". */
export class TestClock implements Clock {
  #now: Date;

  constructor(at: Date | string) {
    this.#now = new Date(at);
  }

  now(): Date {
    return new Date(this.#now);
  }

  set(at: Date | string): void {
    this.#now = new Date(at);
  }
}

/** An instant given as Moscow wall-clock time (UTC+3 all year): moscow('2026-12-14 07:00'). */
export const moscow = (wall: string) => new Date(`${wall.replace(' ', 'T')}:00+03:00`);

export interface QueuedJob {
  id: string;
  task_identifier: string;
  payload: Record<string, unknown>;
  run_at: Date;
  key: string | null;
}

/** The schedule's jobs waiting in the queue, soonest first. */
export async function queuedScheduleJobs(db: Kysely<Database>): Promise<QueuedJob[]> {
  // The public view has no payload: the queue's own table has.
  const { rows } = await sql<QueuedJob>`
    select j.id::text, t.identifier as task_identifier, j.payload, j.run_at, j.key
    from graphile_worker._private_jobs j
    join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier like 'screening_schedule:%'
    order by j.run_at, j.id
  `.execute(db);
  return rows;
}

/**
 * Runs, as the job runner would, every job of this schedule due by the clock's time,
 * soonest first, until none is left (a job may queue another that is due at once); returns
 * the tasks run. Each job leaves the queue before its task runs, as a locked job does, so
 * a task that queues itself again under its key makes a new job.
 */
export async function runDueJobs(
  db: Kysely<Database>,
  tasks: Record<string, JobHandler>,
  clock: Clock,
  scheduleId: string,
): Promise<string[]> {
  const ran: string[] = [];
  for (;;) {
    const due = (await queuedScheduleJobs(db)).filter(
      (job) => job.payload.scheduleId === scheduleId && job.run_at <= clock.now(),
    );
    const [job] = due;
    if (!job) return ran;
    await sql`select graphile_worker.complete_jobs(array[${job.id}]::bigint[])`.execute(db);
    const task = tasks[job.task_identifier];
    if (!task) throw new Error(`no task ${job.task_identifier}`);
    await task(job.payload, {
      jobId: job.id,
      attempt: 1,
      maxAttempts: 5,
      signal: new AbortController().signal,
    });
    ran.push(job.task_identifier);
  }
}

/** screen's schedule tasks on a harness's database, at the clock's time, in Moscow's daytime. */
export function scheduleTasksFor(harness: ServiceHarness, clock: Clock) {
  return scheduleTasks({
    db: harness.deps.db,
    clock,
    window: new DaytimeWindow(DEFAULT_DAYTIME.timeZone, DEFAULT_DAYTIME.hours),
    catalogue: loadInstruments(),
    logger: harness.deps.logger,
    serviceOperator: texts.unnamedOperator,
  });
}

let nextSpecialistId = 760_000;

/**
 * A specialist's case with a schedule waiting for its client, and the link to it, as pro
 * makes them for a case with no client yet.
 */
export async function scheduleInvite(
  db: Kysely<Database>,
  schedule: { instruments: string[]; cadenceDays: ScheduleCadenceDays; startsAt: Date },
) {
  const specialist = await db
    .insertInto('users')
    .values({
      telegram_id: ++nextSpecialistId,
      role: 'specialist',
      username: null,
      full_name: null,
    })
    .returning('user_id')
    .executeTakeFirstOrThrow();
  const theCase = await db
    .insertInto('contexts')
    .values({ specialist_user_id: specialist.user_id, client_ref: 'Кейс по расписанию' })
    .returning('context_id')
    .executeTakeFirstOrThrow();
  const token = await createLaunchToken(db, {
    botId: 'screen',
    specialistUserId: specialist.user_id,
    contextId: theCase.context_id,
  });
  const created = await db
    .insertInto('screening_schedules')
    .values({
      context_id: theCase.context_id,
      invite_token: token,
      instruments: schedule.instruments,
      cadence_days: schedule.cadenceDays,
      starts_at: schedule.startsAt,
    })
    .returning('schedule_id')
    .executeTakeFirstOrThrow();
  return { token, contextId: theCase.context_id, scheduleId: created.schedule_id };
}
