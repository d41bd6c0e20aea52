import {
  type Database,
  SCREENING_SCHEDULE_COLUMNS,
  type ScheduleCadenceDays,
  type ScheduleStatus,
  type ScheduleStopReason,
} from '@psycheos/db';
import type { Kysely, Selectable, Transaction } from 'kysely';

type Db = Kysely<Database> | Transaction<Database>;
export type Schedule = Selectable<Database['screening_schedules']>;

const LIVE: readonly ScheduleStatus[] = ['awaiting_consent', 'active', 'paused'];

/** A case's schedules, newest first. */
export function caseSchedules(db: Db, contextId: string): Promise<Schedule[]> {
  return db
    .selectFrom('screening_schedules')
    .select(SCREENING_SCHEDULE_COLUMNS)
    .where('context_id', '=', contextId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** What the card shows: the schedules not stopped, or else the one stopped last. */
export function shownSchedules(schedules: readonly Schedule[]): Schedule[] {
  const live = schedules.filter(isLive);
  if (live.length > 0) return live;
  const [latest] = [...schedules].sort(
    (a, b) => (b.stopped_at?.getTime() ?? 0) - (a.stopped_at?.getTime() ?? 0),
  );
  return latest ? [latest] : [];
}

export const isLive = (schedule: Schedule) => LIVE.includes(schedule.status);

/** A schedule of one of the specialist's cases; someone else's is not found. */
export function findOwnSchedule(db: Db, specialistUserId: string, scheduleId: string) {
  return db
    .selectFrom('screening_schedules')
    .innerJoin('contexts', 'contexts.context_id', 'screening_schedules.context_id')
    .select(['screening_schedules.schedule_id', 'screening_schedules.context_id'])
    .where('screening_schedules.schedule_id', '=', scheduleId)
    .where('contexts.specialist_user_id', '=', specialistUserId)
    .executeTakeFirst();
}

/** The case's clients: who a schedule can be offered to in their chat with screen. */
export async function caseClientIds(db: Db, contextId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('case_clients')
    .select('client_user_id')
    .where('context_id', '=', contextId)
    .orderBy('linked_at')
    .execute();
  return rows.map((row) => row.client_user_id);
}

export function createSchedule(
  db: Db,
  schedule: {
    contextId: string;
    clientUserId: string | null;
    inviteToken: string | null;
    instruments: string[];
    cadenceDays: ScheduleCadenceDays;
    startsAt: Date;
  },
): Promise<Pick<Schedule, 'schedule_id'>> {
  return db
    .insertInto('screening_schedules')
    .values({
      context_id: schedule.contextId,
      client_user_id: schedule.clientUserId,
      invite_token: schedule.inviteToken,
      instruments: schedule.instruments,
      cadence_days: schedule.cadenceDays,
      starts_at: schedule.startsAt,
    })
    .returning('schedule_id')
    .executeTakeFirstOrThrow();
}

/** Stops a schedule not stopped yet; false when it already was. */
export async function stopSchedule(
  db: Db,
  scheduleId: string,
  reason: ScheduleStopReason,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('screening_schedules')
    .set({
      status: 'stopped',
      stop_reason: reason,
      stopped_at: at,
      next_send_at: null,
      updated_at: new Date(),
    })
    .where('schedule_id', '=', scheduleId)
    .where('status', 'in', LIVE)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
