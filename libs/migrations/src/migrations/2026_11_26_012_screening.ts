import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * The client's screening (issue 13):
 * - screening_invites: the questionnaires a specialist chose for a screening link (a
 *   launch token of the screen bot); it goes with the token.
 * - screening_sessions: one client answering one invite, from consent to the end; its
 *   position is the question on screen, so a client who comes back (or a restarted
 *   service) continues there, and a button for another position changes nothing.
 * - screening_answers: one row per question answered (the option's value, never text).
 * - screening_scores: each instrument's total and band, fixed when the session completes.
 * - crisis_alerts: every urgent alert to a specialist (when, which case, what triggered it,
 *   delivered or not). Never the client's words. Its delivery is settled by the reply
 *   outbox itself: a trigger marks the alert sent when its urgent reply row is deleted
 *   after sending, failed or expired when the sender settles the row so.
 * Everything hangs on contexts (and sessions on the client's users row) with ON DELETE
 * CASCADE, so deleting a specialist's account or a client reaches it.
 *
 * Urgent replies: reply_outbox.priority -1 (REPLY_PRIORITY.urgent), read and sent ahead of
 * every other row, their chat's queued rows included (replies/reply-window.ts).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('screening_invites')
    .addColumn('token', 'text', (c) =>
      c.primaryKey().references('launch_tokens.token').onDelete('cascade'),
    )
    .addColumn('instruments', sql`text[]`, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('screening_sessions')
    .addColumn('session_id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('context_id', 'uuid', (c) =>
      c.notNull().references('contexts.context_id').onDelete('cascade'),
    )
    .addColumn('client_user_id', 'uuid', (c) =>
      c.notNull().references('users.user_id').onDelete('cascade'),
    )
    .addColumn('instruments', sql`text[]`, (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('awaiting_consent')
        .check(
          sql`status in ('awaiting_consent', 'in_progress', 'completed', 'declined', 'stopped')`,
        ),
    )
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0).check(sql`position >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('consented_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('screening_sessions_client_idx')
    .on('screening_sessions')
    .column('client_user_id')
    .execute();
  // A case's history: its completed sessions, oldest first.
  await sql`
    create index screening_sessions_completed_idx on screening_sessions (context_id, completed_at)
    where status = 'completed'
  `.execute(db);

  await db.schema
    .createTable('screening_answers')
    .addColumn('session_id', 'uuid', (c) =>
      c.notNull().references('screening_sessions.session_id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('item_index', 'smallint', (c) => c.notNull())
    .addColumn('value', 'smallint', (c) => c.notNull())
    .addColumn('answered_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('screening_answers_pkey', ['session_id', 'position'])
    .execute();

  await db.schema
    .createTable('screening_scores')
    .addColumn('session_id', 'uuid', (c) =>
      c.notNull().references('screening_sessions.session_id').onDelete('cascade'),
    )
    .addColumn('instrument_id', 'text', (c) => c.notNull())
    .addColumn('raw', 'integer', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('band_index', 'smallint', (c) => c.notNull())
    .addColumn('band_label', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('screening_scores_pkey', ['session_id', 'instrument_id'])
    .execute();

  await db.schema
    .createTable('crisis_alerts')
    .addColumn('alert_id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('context_id', 'uuid', (c) =>
      c.notNull().references('contexts.context_id').onDelete('cascade'),
    )
    .addColumn('client_user_id', 'uuid', (c) => c.references('users.user_id').onDelete('set null'))
    .addColumn('session_id', 'uuid', (c) =>
      c.references('screening_sessions.session_id').onDelete('set null'),
    )
    .addColumn('trigger', 'text', (c) =>
      c.notNull().check(sql`trigger ~ '^(free_text|[a-z][a-z0-9]*_item[0-9]+)$'`),
    )
    // The alert's row in reply_outbox while it waits to be sent.
    .addColumn('reply_id', 'bigint')
    .addColumn('delivery', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`delivery in ('pending', 'sent', 'failed', 'expired')`),
    )
    .addColumn('delivery_note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('settled_at', 'timestamptz')
    .execute();
  await sql`
    create index crisis_alerts_pending_reply_idx on crisis_alerts (reply_id)
    where delivery = 'pending'
  `.execute(db);
  await db.schema
    .createIndex('crisis_alerts_context_idx')
    .on('crisis_alerts')
    .columns(['context_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('crisis_alerts_client_idx')
    .on('crisis_alerts')
    .columns(['client_user_id', 'created_at'])
    .execute();

  // The sender deletes a row once Telegram took it and marks it failed or expired
  // otherwise; for an urgent row that is the alert's delivery. Only urgent rows fire it
  // (the WHEN clause), so ordinary replies pay nothing.
  await sql`
    create function settle_crisis_alert() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        update crisis_alerts set delivery = 'sent', settled_at = now()
        where reply_id = old.reply_id and delivery = 'pending';
        return old;
      end if;
      update crisis_alerts
      set delivery = new.status, delivery_note = new.last_error, settled_at = now()
      where reply_id = new.reply_id and delivery = 'pending';
      return new;
    end
    $$
  `.execute(db);
  await sql`
    create trigger reply_outbox_urgent_sent after delete on reply_outbox
    for each row when (old.priority < 0 and old.status = 'pending')
    execute function settle_crisis_alert()
  `.execute(db);
  await sql`
    create trigger reply_outbox_urgent_settled after update of status on reply_outbox
    for each row when (new.priority < 0 and old.status = 'pending' and new.status <> 'pending')
    execute function settle_crisis_alert()
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop trigger reply_outbox_urgent_settled on reply_outbox`.execute(db);
  await sql`drop trigger reply_outbox_urgent_sent on reply_outbox`.execute(db);
  await sql`drop function settle_crisis_alert()`.execute(db);
  await db.schema.dropTable('crisis_alerts').execute();
  await db.schema.dropTable('screening_scores').execute();
  await db.schema.dropTable('screening_answers').execute();
  await db.schema.dropTable('screening_sessions').execute();
  await db.schema.dropTable('screening_invites').execute();
}
