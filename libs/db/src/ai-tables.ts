import type { ColumnType, Generated, Selectable } from 'kysely';

/** The AI tools' tables (migration 010); what each holds and why is written there. */

type CreatedAt = ColumnType<Date, never, never>;
type Json = ColumnType<Record<string, unknown>, string | undefined, string>;

export interface JobWorkersTable {
  worker_id: string;
  heartbeat_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ToolSessionsTable {
  session_id: Generated<string>;
  bot_id: string;
  /** The case; null for the Симулятор's trainer, whose practice is no client's (migration 2026_12_07_005). */
  context_id: string | null;
  specialist_user_id: string;
  chat_id: number;
  /** Raised by «Новая тема»: the conversation the model sees is the current topic's. */
  topic: ColumnType<number, number | undefined, number>;
  state: Json;
  /** The condensed earlier part of the current topic's conversation. */
  summary: ColumnType<string | null, string | null | undefined, string | null>;
  opened_at: CreatedAt;
  finished_at: ColumnType<Date | null, never, Date | null>;
}

export type AiMessageRole = 'user' | 'assistant';

export interface AiMessagesTable {
  message_id: Generated<number>;
  session_id: string;
  topic: number;
  role: AiMessageRole;
  content: string;
  condensed: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
}

export type AiJobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface AiJobsTable {
  job_id: string;
  session_id: string;
  bot_id: string;
  chat_id: number;
  kind: string;
  input: Json;
  status: ColumnType<AiJobStatus, AiJobStatus | undefined, AiJobStatus>;
  attempts: ColumnType<number, never, number>;
  placeholder_message_id: ColumnType<number | null, never, number | null>;
  /** Why a job failed: a reason code, never model or client text. */
  failure: ColumnType<string | null, never, string | null>;
  created_at: CreatedAt;
  started_at: ColumnType<Date | null, never, Date | null>;
  finished_at: ColumnType<Date | null, never, Date | null>;
}

export interface AiUsageTable {
  usage_id: Generated<number>;
  job_id: string;
  bot_id: string;
  specialist_user_id: string;
  context_id: string | null;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  created_at: CreatedAt;
}

export type AiResultReview = 'draft' | 'checked';

export interface AiResultsTable {
  result_id: Generated<string>;
  /** The case; null for a trainer's result (kind simulation), which is the specialist's own. */
  context_id: string | null;
  session_id: string | null;
  specialist_user_id: string;
  bot_id: string;
  /** interpretation | conceptualization | simulation */
  kind: string;
  /** Versions of one conceptualization share a series; the newest is the saved one. */
  series_id: string | null;
  version: ColumnType<number, number | undefined, number>;
  title: string;
  /** The result as Markdown, as the specialist was shown it. */
  body: string;
  structured: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  prompt_version: string;
  model: string;
  review: ColumnType<AiResultReview, AiResultReview | undefined, AiResultReview>;
  correction: ColumnType<string | null, string | null | undefined, string | null>;
  reviewed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  job_id: string | null;
  created_at: CreatedAt;
}

export type ToolSession = Selectable<ToolSessionsTable>;

/**
 * Every column of tool_sessions, named and qualified (so a query that joins contexts can use
 * them): a prepared `select *` goes stale when a migration adds a column (prepared-statements.ts).
 */
export const TOOL_SESSION_COLUMNS = [
  'tool_sessions.session_id',
  'tool_sessions.bot_id',
  'tool_sessions.context_id',
  'tool_sessions.specialist_user_id',
  'tool_sessions.chat_id',
  'tool_sessions.topic',
  'tool_sessions.state',
  'tool_sessions.summary',
  'tool_sessions.opened_at',
  'tool_sessions.finished_at',
] as const;
export type AiJob = Selectable<AiJobsTable>;
export type AiResult = Selectable<AiResultsTable>;
