import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // One row per chat and bot, rewritten in place: the flood limit's counter cannot grow.
  await db.schema
    .createTable('chat_rate')
    .addColumn('bot_id', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'bigint', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('updates', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_rate_pk', ['bot_id', 'chat_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('chat_rate').execute();
}
