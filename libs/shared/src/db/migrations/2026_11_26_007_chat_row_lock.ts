import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * The chat's flood counter moves into its bot_chat_state row, which every update of the
 * chat now upserts first (claim-update.ts): the row's lock serializes the chat and the
 * upsert returns the chat's state, one round trip where a lock, a counter and a read
 * were. A chat seen but never given a state keeps a row whose state is null.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('bot_chat_state')
    .alterColumn('state', (c) => c.dropNotNull())
    .execute();
  await db.schema
    .alterTable('bot_chat_state')
    .addColumn('rate_window_start', 'timestamptz')
    .addColumn('rate_updates', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.dropTable('chat_rate').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('chat_rate')
    .addColumn('bot_id', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'bigint', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('updates', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_rate_pk', ['bot_id', 'chat_id'])
    .execute();
  await sql`delete from bot_chat_state where state is null`.execute(db);
  await db.schema
    .alterTable('bot_chat_state')
    .dropColumn('rate_window_start')
    .dropColumn('rate_updates')
    .execute();
  await db.schema
    .alterTable('bot_chat_state')
    .alterColumn('state', (c) => c.setNotNull())
    .execute();
}
