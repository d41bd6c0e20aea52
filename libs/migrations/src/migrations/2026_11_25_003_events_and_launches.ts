import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // The transactional outbox: written in the same transaction as the change it announces.
  await db.schema
    .createTable('event_outbox')
    .addColumn('event_id', 'uuid', (c) => c.primaryKey())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`create index event_outbox_pending_idx on event_outbox (created_at) where published_at is null`.execute(
    db,
  );

  // What each consumer has handled, so a redelivered event changes nothing.
  await db.schema
    .createTable('event_inbox')
    .addColumn('consumer', 'text', (c) => c.notNull())
    .addColumn('event_id', 'uuid', (c) => c.notNull())
    .addColumn('handled_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('event_inbox_pk', ['consumer', 'event_id'])
    .execute();

  // Events a consumer gave up on (invalid, or failing after every retry), for an operator.
  await db.schema
    .createTable('parked_events')
    .addColumn('consumer', 'text', (c) => c.notNull())
    .addColumn('stream_seq', 'bigint', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('parked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('parked_events_pk', ['consumer', 'stream_seq'])
    .execute();

  // Single-use links from a case card to a tool bot (or, for screen, to the client).
  await db.schema
    .createTable('launch_tokens')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('bot_id', 'text', (c) => c.notNull())
    .addColumn('specialist_user_id', 'uuid', (c) =>
      c.notNull().references('users.user_id').onDelete('cascade'),
    )
    .addColumn('context_id', 'uuid', (c) =>
      c.notNull().references('contexts.context_id').onDelete('cascade'),
    )
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Each bot's @username, written by its own service at start, so pro can link to the tools.
  await db.schema
    .createTable('bot_directory')
    .addColumn('bot_id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // The client a screening invite registered for a case.
  await db.schema
    .alterTable('contexts')
    .addColumn('client_user_id', 'uuid', (c) => c.references('users.user_id').onDelete('set null'))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('contexts').dropColumn('client_user_id').execute();
  for (const table of [
    'bot_directory',
    'launch_tokens',
    'parked_events',
    'event_inbox',
    'event_outbox',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
