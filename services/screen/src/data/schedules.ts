import {
  type Database,
  type OccurrenceStatus,
  SCREENING_SCHEDULE_COLUMNS,
  type ScheduleStatus,
  type ScheduleStopReason,
} from '@psycheos/db';
import type { Kysely, Selectable, Transaction } from 'kysely';

type Db = Kysely<Database> | Transaction<Database>;
export type Schedule = Selectable<Database['screening_schedules']>;
export type Occurrence = Selectable<Database['screening_schedule_occurrences']>;

/** Every column of an occurrence, named: a prepared `select *` goes stale when a column is added. */
const OCCURRENCE_COLUMNS = [
  'schedule_id',
  'occurrence',
  'due_at',
  'sent_at',
  'session_id',
  'status',
  'reminded_at',
  'missed_at',
] as const;

/** Statuses of a schedule that still does something. */
export const LIVE: readonly ScheduleStatus[] = ['awaiting_consent', 'active', 'paused'];

/** The schedule a screen link was made for, if the token is one. */
export function scheduleOfInvite(db: Db, token: string): Promise<Schedule | undefined> {
  return db
    .selectFrom('screening_schedules')
    .select(SCREENING_SCHEDULE_COLUMNS)
    .where('invite_token', '=', token)
    .executeTakeFirst();
}

/** The client's own schedule by id; someone else's is not found. */
export function findOwnSchedule(
  db: Db,
  scheduleId: string,
  clientUserId: string,
): Promise<Schedule | undefined> {
  return db
    .selectFrom('screening_schedules')
    .select(SCREENING_SCHEDULE_COLUMNS)
    .where('schedule_id', '=', scheduleId)
    .where('client_user_id', '=', clientUserId)
    .executeTakeFirst();
}

/** The client's schedules in these statuses, oldest first. */
export function clientSchedules(
  db: Db,
  clientUserId: string,
  statuses: readonly ScheduleStatus[],
): Promise<Schedule[]> {
  return db
    .selectFrom('screening_schedules')
    .select(SCREENING_SCHEDULE_COLUMNS)
    .where('client_user_id', '=', clientUserId)
    .where('status', 'in', statuses)
    .orderBy('created_at')
    .execute();
}

/** Whether the client has a schedule not stopped in this case, other than `except`. */
export async function hasLiveSchedule(
  db: Db,
  contextId: string,
  clientUserId: string,
  except: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('screening_schedules')
    .select('schedule_id')
    .where('context_id', '=', contextId)
    .where('client_user_id', '=', clientUserId)
    .where('status', 'in', LIVE)
    .where('schedule_id', '<>', except)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A schedule with what a due send needs to know, its row locked until the transaction
 * ends: two runs of one schedule's jobs (two runners, a retry) take their turns here.
 */
export function lockSchedule(tx: Transaction<Database>, scheduleId: string) {
  return tx
    .selectFrom('screening_schedules')
    .innerJoin('contexts', 'contexts.context_id', 'screening_schedules.context_id')
    .innerJoin('users as specialist', 'specialist.user_id', 'contexts.specialist_user_id')
    .leftJoin('users as client', 'client.user_id', 'screening_schedules.client_user_id')
    .select(SCREENING_SCHEDULE_COLUMNS)
    .select([
      'contexts.status as case_status',
      'contexts.specialist_user_id',
      'specialist.status as specialist_status',
      'client.telegram_id as client_telegram_id',
    ])
    .where('screening_schedules.schedule_id', '=', scheduleId)
    .forUpdate('screening_schedules')
    .executeTakeFirst();
}

export type LockedSchedule = NonNullable<Awaited<ReturnType<typeof lockSchedule>>>;

export async function updateSchedule(
  db: Db,
  scheduleId: string,
  change: {
    status?: ScheduleStatus;
    stopReason?: ScheduleStopReason;
    clientUserId?: string | null;
    anchorAt?: Date;
    nextSendAt?: Date | null;
    acceptedAt?: Date;
    stoppedAt?: Date;
  },
): Promise<void> {
  await db
    .updateTable('screening_schedules')
    .set({
      updated_at: new Date(),
      ...(change.status && { status: change.status }),
      ...(change.stopReason && { stop_reason: change.stopReason }),
      ...(change.clientUserId !== undefined && { client_user_id: change.clientUserId }),
      ...(change.anchorAt && { anchor_at: change.anchorAt }),
      ...(change.nextSendAt !== undefined && { next_send_at: change.nextSendAt }),
      ...(change.acceptedAt && { accepted_at: change.acceptedAt }),
      ...(change.stoppedAt && { stopped_at: change.stoppedAt }),
    })
    .where('schedule_id', '=', scheduleId)
    .execute();
}

/**
 * Stops the client's schedules that are not stopped yet, for `reason`; returns those it
 * stopped (a schedule already stopped is left as it was: told once). A client who
 * withdrew is forgotten by every schedule of theirs, stopped before or now.
 */
export async function stopClientSchedules(
  db: Db,
  clientUserId: string,
  reason: ScheduleStopReason,
  at: Date,
): Promise<Schedule[]> {
  const stopped = await db
    .updateTable('screening_schedules')
    .set({
      status: 'stopped',
      stop_reason: reason,
      stopped_at: at,
      next_send_at: null,
      updated_at: new Date(),
    })
    .where('client_user_id', '=', clientUserId)
    .where('status', 'in', LIVE)
    .returning(SCREENING_SCHEDULE_COLUMNS)
    .execute();
  if (reason === 'withdrew') {
    await db
      .updateTable('screening_schedules')
      .set({ client_user_id: null })
      .where('client_user_id', '=', clientUserId)
      .execute();
  }
  return stopped;
}

/** Records that a due time's questionnaire went out; false when it already had. */
export async function recordOccurrence(
  db: Db,
  occurrence: {
    scheduleId: string;
    occurrence: number;
    dueAt: Date;
    sentAt: Date;
    sessionId: string;
  },
): Promise<boolean> {
  const inserted = await db
    .insertInto('screening_schedule_occurrences')
    .values({
      schedule_id: occurrence.scheduleId,
      occurrence: occurrence.occurrence,
      due_at: occurrence.dueAt,
      sent_at: occurrence.sentAt,
      session_id: occurrence.sessionId,
    })
    .onConflict((conflict) => conflict.columns(['schedule_id', 'occurrence']).doNothing())
    .returning('occurrence')
    .executeTakeFirst();
  return inserted !== undefined;
}

export function findOccurrence(
  db: Db,
  scheduleId: string,
  occurrence: number,
): Promise<Occurrence | undefined> {
  return db
    .selectFrom('screening_schedule_occurrences')
    .select(OCCURRENCE_COLUMNS)
    .where('schedule_id', '=', scheduleId)
    .where('occurrence', '=', occurrence)
    .executeTakeFirst();
}

/**
 * Moves an occurrence on from one of `from`; returns it moved, or undefined when it had
 * already moved on (a second run of the same job changes nothing).
 */
export function advanceOccurrence(
  db: Db,
  key: { scheduleId: string; occurrence: number },
  from: readonly OccurrenceStatus[],
  to: { status: OccurrenceStatus; at: Date },
): Promise<Occurrence | undefined> {
  return db
    .updateTable('screening_schedule_occurrences')
    .set({
      status: to.status,
      ...(to.status === 'reminded' && { reminded_at: to.at }),
      ...(to.status === 'missed' && { missed_at: to.at }),
    })
    .where('schedule_id', '=', key.scheduleId)
    .where('occurrence', '=', key.occurrence)
    .where('status', 'in', from)
    .returning(OCCURRENCE_COLUMNS)
    .executeTakeFirst();
}

/** A scheduled questionnaire was answered to the end. */
export async function completeOccurrenceOf(db: Db, sessionId: string): Promise<void> {
  await db
    .updateTable('screening_schedule_occurrences')
    .set({ status: 'completed' })
    .where('session_id', '=', sessionId)
    .where('status', 'in', ['sent', 'reminded'])
    .execute();
}
