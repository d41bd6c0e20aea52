import type { ColumnType, Generated } from 'kysely';

/** Screening on a schedule (migration 2026_12_07_007); what each holds and why is written there. */

type CreatedAt = ColumnType<Date, never, never>;

export type ScheduleStatus = 'awaiting_consent' | 'active' | 'paused' | 'stopped';

/**
 * Why a schedule stopped: the specialist stopped it, the client did (/stop or its button),
 * the client said no to it, withdrew (/delete_me), blocked the bot (Telegram refused a send
 * with 403), or a new link replaced one nobody had opened yet.
 */
export type ScheduleStopReason =
  | 'specialist'
  | 'client'
  | 'declined'
  | 'withdrew'
  | 'blocked'
  | 'replaced';

/** How often: every week, every two weeks, every four weeks. */
export type ScheduleCadenceDays = 7 | 14 | 28;

/** One specialist's regular questionnaires for one client of a case. */
export interface ScreeningSchedulesTable {
  schedule_id: Generated<string>;
  context_id: string;
  /** The client; null while its link waits to be opened, and after the client withdrew. */
  client_user_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The screen link made for a case that had no client yet; its schedule waits for it. */
  invite_token: ColumnType<string | null, string | null | undefined, string | null>;
  instruments: string[];
  cadence_days: ScheduleCadenceDays;
  /** When the specialist wants the first questionnaire (the time of day they set it at). */
  starts_at: Date;
  status: ColumnType<ScheduleStatus, ScheduleStatus | undefined, ScheduleStatus>;
  stop_reason: ColumnType<ScheduleStopReason | null, never, ScheduleStopReason | null>;
  /** What due times count from: the start, or the client's acceptance when that came later. */
  anchor_at: ColumnType<Date | null, never, Date | null>;
  /** When the next questionnaire goes out (inside the client's daytime); the card shows it. */
  next_send_at: ColumnType<Date | null, never, Date | null>;
  created_at: CreatedAt;
  accepted_at: ColumnType<Date | null, never, Date | null>;
  stopped_at: ColumnType<Date | null, never, Date | null>;
  updated_at: ColumnType<Date, never, Date>;
}

/**
 * Every column of screening_schedules, named and qualified (so a query that joins contexts
 * can use them): a prepared `select *` goes stale when a migration adds a column
 * (prepared-statements.ts). pro and screen both read whole schedules.
 */
export const SCREENING_SCHEDULE_COLUMNS = [
  'screening_schedules.schedule_id',
  'screening_schedules.context_id',
  'screening_schedules.client_user_id',
  'screening_schedules.invite_token',
  'screening_schedules.instruments',
  'screening_schedules.cadence_days',
  'screening_schedules.starts_at',
  'screening_schedules.status',
  'screening_schedules.stop_reason',
  'screening_schedules.anchor_at',
  'screening_schedules.next_send_at',
  'screening_schedules.created_at',
  'screening_schedules.accepted_at',
  'screening_schedules.stopped_at',
  'screening_schedules.updated_at',
] as const;

export type OccurrenceStatus = 'sent' | 'reminded' | 'completed' | 'missed';

/** One questionnaire a schedule sent: its session, its reminder, whether it was missed. */
export interface ScreeningScheduleOccurrencesTable {
  schedule_id: string;
  /** 0 for the first due time, 1 for the next, ...: a due time's number, whether sent or skipped. */
  occurrence: number;
  due_at: Date;
  sent_at: Date;
  session_id: string | null;
  status: ColumnType<OccurrenceStatus, OccurrenceStatus | undefined, OccurrenceStatus>;
  reminded_at: ColumnType<Date | null, never, Date | null>;
  missed_at: ColumnType<Date | null, never, Date | null>;
}
