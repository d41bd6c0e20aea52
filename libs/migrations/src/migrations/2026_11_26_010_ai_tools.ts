import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * What the AI tools keep, all of it deleted with the case or the account it belongs to:
 * - tool_sessions: one opening of a tool for a case, from its launch link to /finish; the
 *   conversation's running summary once it outgrew its budget; the tool's own state
 *   (an intake's answers, a persona).
 * - ai_messages: the conversation the model sees, per topic of a session.
 * - ai_jobs: one model request each. Its id is the idempotency key: a job run again after
 *   a crash finds itself done, or reuses its placeholder message, so the person gets one
 *   answer. It holds no text of its own beyond what the tool put in `input`.
 * - ai_usage: tokens per job (unique), per specialist and per case, for billing. A deleted
 *   case leaves its usage without the case; a deleted account takes its usage with it.
 * - ai_results: what a tool produced for the case (an interpretation, a conceptualization
 *   version, a simulator session's feedback), with the prompt version and the specialist's
 *   sign-off or correction.
 * - job_workers: the job runners' heartbeats (libs/jobs/worker-liveness.ts).
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`
    create table job_workers (
      worker_id text primary key,
      heartbeat_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`
    create table tool_sessions (
      session_id uuid primary key default gen_random_uuid(),
      bot_id text not null,
      context_id uuid not null references contexts (context_id) on delete cascade,
      specialist_user_id uuid not null references users (user_id) on delete cascade,
      chat_id bigint not null,
      topic integer not null default 1,
      state jsonb not null default '{}'::jsonb,
      summary text,
      opened_at timestamptz not null default now(),
      finished_at timestamptz
    )
  `.execute(db);
  await sql`create index tool_sessions_context_idx on tool_sessions (context_id)`.execute(db);
  await sql`create index tool_sessions_specialist_idx on tool_sessions (specialist_user_id)`.execute(
    db,
  );
  await sql`
    create table ai_messages (
      message_id bigserial primary key,
      session_id uuid not null references tool_sessions (session_id) on delete cascade,
      topic integer not null,
      role text not null check (role in ('user', 'assistant')),
      content text not null,
      condensed boolean not null default false,
      created_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index ai_messages_session_idx on ai_messages (session_id, topic, message_id)`.execute(
    db,
  );
  await sql`
    create table ai_jobs (
      job_id uuid primary key,
      session_id uuid not null references tool_sessions (session_id) on delete cascade,
      bot_id text not null,
      chat_id bigint not null,
      kind text not null,
      input jsonb not null default '{}'::jsonb,
      status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
      attempts integer not null default 0,
      placeholder_message_id bigint,
      failure text,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz
    )
  `.execute(db);
  await sql`create index ai_jobs_session_idx on ai_jobs (session_id)`.execute(db);
  await sql`
    create table ai_usage (
      usage_id bigserial primary key,
      job_id uuid not null unique,
      bot_id text not null,
      specialist_user_id uuid not null references users (user_id) on delete cascade,
      context_id uuid references contexts (context_id) on delete set null,
      model text not null,
      input_tokens integer not null,
      output_tokens integer not null,
      cache_read_tokens integer not null,
      cache_write_tokens integer not null,
      created_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index ai_usage_specialist_idx on ai_usage (specialist_user_id, created_at)`.execute(
    db,
  );
  await sql`create index ai_usage_context_idx on ai_usage (context_id)`.execute(db);
  await sql`
    create table ai_results (
      result_id uuid primary key default gen_random_uuid(),
      context_id uuid not null references contexts (context_id) on delete cascade,
      session_id uuid references tool_sessions (session_id) on delete set null,
      specialist_user_id uuid not null references users (user_id) on delete cascade,
      bot_id text not null,
      kind text not null,
      series_id uuid,
      version integer not null default 1,
      title text not null,
      body text not null,
      structured jsonb,
      prompt_version text not null,
      model text not null,
      review text not null default 'draft' check (review in ('draft', 'checked')),
      correction text,
      reviewed_at timestamptz,
      job_id uuid unique,
      created_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index ai_results_context_idx on ai_results (context_id, created_at desc)`.execute(
    db,
  );
  await sql`create index ai_results_specialist_idx on ai_results (specialist_user_id, kind)`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'ai_results',
    'ai_usage',
    'ai_jobs',
    'ai_messages',
    'tool_sessions',
    'job_workers',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
