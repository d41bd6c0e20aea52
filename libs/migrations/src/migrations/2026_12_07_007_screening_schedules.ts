import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * Screening on a schedule (issue 25):
 * - screening_schedules: a specialist's regular questionnaires for one client of a case
 *   (instruments, every 7, 14 or 28 days, from a start), accepted once by the client in
 *   screen, paused or stopped there; one that is not stopped per case and client (and one
 *   per case while its link waits for a client). It hangs on the case (ON DELETE CASCADE);
 *   the client's id goes when they withdraw (SET NULL, and screen stops it first).
 * - screening_schedule_occurrences: each questionnaire a schedule sent, by its due time's
 *   number: its session, reminder, and whether it was missed. The primary key is what makes
 *   a due time send once, whichever runner and however often its job runs.
 *
 * The due sends themselves are graphile-worker jobs (libs/jobs), keyed per schedule and due
 * time (SCHEDULE_TASK in libs/screening/src/cases/screening-schedule.ts).
 *
 * A client who blocked the bot is found by Telegram's answer: the reply sender marks the
 * row failed with "403: ...". A trigger then queues, for each of that chat's schedules not
 * stopped, the job that stops it and tells the specialist, in the sender's own statement,
 * so it cannot be lost between the two. Only screen's failed rows with a 403 fire it (the
 * WHEN clause): every other reply pays nothing. A database without graphile-worker's schema
 * (it is installed right after these migrations) queues nothing rather than failing the
 * sender's write.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`
    create table screening_schedules (
      schedule_id uuid primary key default gen_random_uuid(),
      context_id uuid not null references contexts (context_id) on delete cascade,
      client_user_id uuid references users (user_id) on delete set null,
      invite_token text references launch_tokens (token) on delete set null,
      instruments text[] not null check (cardinality(instruments) > 0),
      cadence_days smallint not null check (cadence_days in (7, 14, 28)),
      starts_at timestamptz not null,
      status text not null default 'awaiting_consent'
        check (status in ('awaiting_consent', 'active', 'paused', 'stopped')),
      stop_reason text
        check (stop_reason in ('specialist', 'client', 'declined', 'withdrew', 'blocked', 'replaced')),
      anchor_at timestamptz,
      next_send_at timestamptz,
      created_at timestamptz not null default now(),
      accepted_at timestamptz,
      stopped_at timestamptz,
      updated_at timestamptz not null default now(),
      constraint screening_schedules_stopped_with_reason
        check ((status = 'stopped') = (stop_reason is not null))
    )
  `.execute(db);
  await sql`
    create unique index screening_schedules_one_per_client_idx
    on screening_schedules (context_id, client_user_id)
    where status <> 'stopped' and client_user_id is not null
  `.execute(db);
  await sql`
    create unique index screening_schedules_one_open_link_idx
    on screening_schedules (context_id)
    where status <> 'stopped' and client_user_id is null
  `.execute(db);
  await sql`
    create index screening_schedules_client_idx on screening_schedules (client_user_id)
    where client_user_id is not null
  `.execute(db);
  await sql`
    create index screening_schedules_invite_idx on screening_schedules (invite_token)
    where invite_token is not null
  `.execute(db);

  await sql`
    create table screening_schedule_occurrences (
      schedule_id uuid not null references screening_schedules (schedule_id) on delete cascade,
      occurrence integer not null check (occurrence >= 0),
      due_at timestamptz not null,
      sent_at timestamptz not null,
      session_id uuid references screening_sessions (session_id) on delete set null,
      status text not null default 'sent'
        check (status in ('sent', 'reminded', 'completed', 'missed')),
      reminded_at timestamptz,
      missed_at timestamptz,
      primary key (schedule_id, occurrence)
    )
  `.execute(db);
  await sql`
    create index screening_schedule_occurrences_session_idx
    on screening_schedule_occurrences (session_id) where session_id is not null
  `.execute(db);

  await sql`
    create function stop_schedules_of_refused_chat() returns trigger language plpgsql as $$
    begin
      perform graphile_worker.add_job(
        'screening_schedule:blocked',
        json_build_object('scheduleId', s.schedule_id),
        job_key => 'screening-blocked:' || s.schedule_id
      )
      from screening_schedules s
      join users u on u.user_id = s.client_user_id
      where u.telegram_id = new.chat_id and s.status <> 'stopped';
      return new;
    exception when invalid_schema_name or undefined_function then
      return new;
    end
    $$
  `.execute(db);
  await sql`
    create trigger reply_outbox_screen_refused after update of status on reply_outbox
    for each row when (
      new.bot_id = 'screen' and old.status = 'pending' and new.status = 'failed'
      and new.last_error like '403:%'
    )
    execute function stop_schedules_of_refused_chat()
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop trigger reply_outbox_screen_refused on reply_outbox`.execute(db);
  await sql`drop function stop_schedules_of_refused_chat()`.execute(db);
  await sql`drop table screening_schedule_occurrences`.execute(db);
  await sql`drop table screening_schedules`.execute(db);
}
