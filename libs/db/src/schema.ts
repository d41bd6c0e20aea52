import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  AiJobsTable,
  AiMessagesTable,
  AiResultsTable,
  AiUsageTable,
  JobWorkersTable,
  ToolSessionsTable,
} from './ai-tables';
import type { CreditLedgerTable, StarPaymentsTable } from './billing-tables';
import type {
  ScreeningScheduleOccurrencesTable,
  ScreeningSchedulesTable,
} from './screening-schedule-tables';

export type * from './ai-tables';
export type * from './billing-tables';
export type * from './screening-schedule-tables';

/**
 * The one description of the schema. Table and column names are the spec's;
 * created_at/updated_at and invites.note are additions.
 *
 * bigint columns come back as numbers (see connect.ts): Telegram ids fit in 52 bits.
 */
export interface Database {
  users: UsersTable;
  invites: InvitesTable;
  contexts: ContextsTable;
  case_clients: CaseClientsTable;
  bot_chat_state: BotChatStateTable;
  telegram_update_dedup: TelegramUpdateDedupTable;
  event_outbox: EventOutboxTable;
  event_inbox: EventInboxTable;
  parked_events: ParkedEventsTable;
  launch_tokens: LaunchTokensTable;
  bot_directory: BotDirectoryTable;
  admin_audit: AdminAuditTable;
  account_deletions: AccountDeletionsTable;
  reply_outbox: ReplyOutboxTable;
  event_purges: EventPurgesTable;
  job_workers: JobWorkersTable;
  tool_sessions: ToolSessionsTable;
  ai_messages: AiMessagesTable;
  ai_jobs: AiJobsTable;
  ai_usage: AiUsageTable;
  ai_results: AiResultsTable;
  screening_invites: ScreeningInvitesTable;
  screening_sessions: ScreeningSessionsTable;
  screening_answers: ScreeningAnswersTable;
  screening_scores: ScreeningScoresTable;
  crisis_alerts: CrisisAlertsTable;
  screening_schedules: ScreeningSchedulesTable;
  screening_schedule_occurrences: ScreeningScheduleOccurrencesTable;
  star_payments: StarPaymentsTable;
  credit_ledger: CreditLedgerTable;
  specialist_terms: SpecialistTermsTable;
  current_specialist_terms: CurrentSpecialistTermsTable;
}

export type AdminAction =
  | 'invite_created'
  | 'invite_revoked'
  | 'specialist_blocked'
  | 'specialist_unblocked'
  /** Target: the payment's id. */
  | 'payment_refunded'
  /** Target: the specialist's user id, as for blocking. */
  | 'credits_granted';

export interface AdminAuditTable {
  audit_id: Generated<string>;
  admin_telegram_id: number;
  action: AdminAction;
  /**
   * The invite's token or the specialist's user_id: an id, never a name. Deleting the
   * specialist's account replaces their id with 'deleted'.
   */
  target: string;
  created_at: CreatedAt;
}

export interface BotDirectoryTable {
  bot_id: string;
  username: string;
  updated_at: UpdatedAt;
}

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, never, Date | undefined>;

export type UserRole = 'specialist' | 'client';
export type UserStatus = 'active' | 'blocked';
export type ContextStatus = 'active' | 'archived';

export interface UsersTable {
  user_id: Generated<string>;
  telegram_id: number;
  role: UserRole;
  status: ColumnType<UserStatus, UserStatus | undefined, UserStatus>;
  username: string | null;
  full_name: string | null;
  /**
   * The version of the specialist's terms this person accepted (specialist_terms), and
   * when; both null until they accept. pro asks again when its terms' version differs.
   */
  terms_version: ColumnType<string | null, string | null | undefined, string | null>;
  terms_accepted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/**
 * Every version of the specialist's terms anyone accepted, with its text, so that an
 * acceptance's version always says what was accepted, whatever the configuration is now.
 */
export interface SpecialistTermsTable {
  version: string;
  text: string;
  first_accepted_at: CreatedAt;
}

/**
 * The version of the terms in force: the one pro runs with, written by pro at start, read
 * by the dashboard and the AI tools, which refuse a specialist who has not accepted it.
 * One row.
 */
export interface CurrentSpecialistTermsTable {
  only_row: ColumnType<boolean, true | undefined, never>;
  version: string;
  published_at: ColumnType<Date, Date | undefined, Date>;
}

export interface InvitesTable {
  token: string;
  /** The admin's Telegram id. */
  created_by: number;
  max_uses: ColumnType<number, number | undefined, number>;
  used_count: ColumnType<number, number | undefined, number>;
  expires_at: Date;
  note: string | null;
  /** Set when an admin revokes the invite; a revoked invite registers no one. */
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The account the invite registered; deleting that account scrubs the note. */
  used_by_user_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

export interface ContextsTable {
  context_id: Generated<string>;
  specialist_user_id: string;
  /** The specialist's own label for the client: a name or a code. */
  client_ref: string;
  status: ColumnType<ContextStatus, ContextStatus | undefined, ContextStatus>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Every client a screening invite linked to a case; a case may have several. */
export interface CaseClientsTable {
  context_id: string;
  client_user_id: string;
  linked_at: CreatedAt;
}

/**
 * One row per chat and bot, written by the chat's first update (claim-update.ts).
 * state is null until a handler saves one.
 */
export interface BotChatStateTable {
  bot_id: string;
  chat_id: number;
  state: string | null;
  state_payload: ColumnType<
    Record<string, unknown>,
    Record<string, unknown> | string | undefined,
    Record<string, unknown> | string
  >;
  /** The case the chat is working on, if any. */
  context_id: string | null;
  role: UserRole | null;
  /** Who the chat belongs to, so a user's states can be found and deleted. */
  telegram_user_id: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** The flood limit's minute and the chat's updates in it; rewritten in place. */
  rate_window_start: Date | null;
  rate_updates: ColumnType<number, number | undefined, number>;
  /** When the bot last answered this chat as a stranger's (access/stranger-replies.ts). */
  stranger_answered_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface TelegramUpdateDedupTable {
  bot_id: string;
  update_id: number;
  created_at: CreatedAt;
}

export interface EventOutboxTable {
  event_id: string;
  subject: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  idempotency_key: string;
  created_at: CreatedAt;
  published_at: ColumnType<Date | null, never, Date | null>;
  attempts: ColumnType<number, never, number>;
  /** The message's sequence number in the JetStream stream, once published. */
  stream_seq: ColumnType<number | null, never, number | null>;
}

/**
 * JetStream messages to erase: events about a deleted account that were published
 * already. The outbox relay erases each (checking it is still that event) and the row goes.
 */
export interface EventPurgesTable {
  event_id: string;
  stream_seq: number;
  requested_at: CreatedAt;
}

export type ReplyStatus = 'pending' | 'failed' | 'expired';

/** A committed update's Bot API call, waiting to be sent; sent rows are deleted. */
export interface ReplyOutboxTable {
  reply_id: Generated<number>;
  bot_id: string;
  chat_id: number;
  method: string;
  /** The call's parameters; null once it is settled as failed or expired. */
  payload: ColumnType<Record<string, unknown> | null, string, null>;
  /** -1: urgent (a crisis alert), first of all; 0: someone the bot knows; 1: a stranger. */
  priority: ColumnType<number, number | undefined, number>;
  status: ColumnType<ReplyStatus, ReplyStatus | undefined, ReplyStatus>;
  attempts: ColumnType<number, never, number>;
  last_error: ColumnType<string | null, never, string | null>;
  created_at: CreatedAt;
  settled_at: ColumnType<Date | null, never, Date | null>;
}

export interface EventInboxTable {
  consumer: string;
  event_id: string;
  handled_at: CreatedAt;
}

export interface ParkedEventsTable {
  consumer: string;
  /** The newest stream message that carried the event: the one a replay reads back. */
  stream_seq: number;
  subject: string;
  reason: string;
  parked_at: CreatedAt;
  /**
   * The event's identity for its consumer (its event_id, or a digest of a payload without
   * one), unique per consumer; null on rows parked before migration 008.
   */
  event_key: string | null;
  /** How often the event was parked since the row was written (a replay writes it afresh). */
  times_parked: Generated<number>;
}

export interface LaunchTokensTable {
  token: string;
  /** The bot the token opens: a tool bot, or screen for a client's invite. */
  bot_id: string;
  specialist_user_id: string;
  /** The case the link opens the bot for; null for the trainer, opened for the specialist alone. */
  context_id: string | null;
  expires_at: Date;
  used_at: ColumnType<Date | null, never, Date | null>;
  created_at: CreatedAt;
}

/** One row per account deleted by its owner (/delete_me); nothing says whose it was. */
export interface AccountDeletionsTable {
  deletion_id: Generated<string>;
  deleted_at: CreatedAt;
  cases_deleted: number;
  clients_deleted: number;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Invite = Selectable<InvitesTable>;
/** A case: one client of one specialist (its table is `contexts`, the name the spec gave it). */
export type Case = Selectable<ContextsTable>;
/** A chat's saved state, as handlers see it: a row whose state has been set. */
export type ChatStateRow = Omit<
  Selectable<BotChatStateTable>,
  'state' | 'rate_window_start' | 'rate_updates' | 'stranger_answered_at'
> & { state: string };
export type ChatStateUpdate = Updateable<BotChatStateTable>;

/** The questionnaires a specialist chose for a screening link (a launch token of screen). */
export interface ScreeningInvitesTable {
  token: string;
  /** Instrument ids (libs/screening), in the order the client answers them. */
  instruments: string[];
}

export type ScreeningStatus =
  | 'awaiting_consent'
  | 'in_progress'
  | 'completed'
  | 'declined'
  | 'stopped';

/** One client answering one screening invite. */
export interface ScreeningSessionsTable {
  session_id: Generated<string>;
  context_id: string;
  client_user_id: string;
  instruments: string[];
  status: ColumnType<ScreeningStatus, ScreeningStatus | undefined, ScreeningStatus>;
  /** The question on screen, counted across the session's instruments from 0. */
  position: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  consented_at: ColumnType<Date | null, never, Date | null>;
  completed_at: ColumnType<Date | null, never, Date | null>;
  updated_at: UpdatedAt;
}

/** One answered question: the option's value only. */
export interface ScreeningAnswersTable {
  session_id: string;
  position: number;
  instrument_id: string;
  item_index: number;
  value: number;
  answered_at: ColumnType<Date, Date | undefined, Date>;
}

/** An instrument's total and band in a completed session. */
export interface ScreeningScoresTable {
  session_id: string;
  instrument_id: string;
  raw: number;
  score: number;
  band_index: number;
  band_label: string;
}

export type CrisisDelivery = 'pending' | 'sent' | 'failed' | 'expired';

/** An urgent alert to a specialist; never the client's words. */
export interface CrisisAlertsTable {
  alert_id: Generated<number>;
  context_id: string;
  client_user_id: string | null;
  session_id: string | null;
  /** "free_text", or the crisis item answered: "phq9_item9". */
  trigger: string;
  reply_id: number | null;
  delivery: ColumnType<CrisisDelivery, CrisisDelivery | undefined, CrisisDelivery>;
  delivery_note: ColumnType<string | null, never, string | null>;
  created_at: CreatedAt;
  settled_at: ColumnType<Date | null, never, Date | null>;
  /** When the admins were told it did not reach the specialist (at most once). */
  escalated_at: ColumnType<Date | null, never, Date | null>;
  /** When, and by whom, «✅ Принято» was pressed on it. */
  acknowledged_at: ColumnType<Date | null, never, Date | null>;
  acknowledged_by: ColumnType<string | null, never, string | null>;
  /** For a free-text trigger: the id of the phrase-list entry that matched, never the words. */
  matched: ColumnType<string | null, string | null | undefined, string | null>;
}
