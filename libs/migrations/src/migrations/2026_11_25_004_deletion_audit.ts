import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * What is kept of an account deleted at its owner's request: that a deletion happened,
 * when, and how much went with it. Nothing says whose it was (no Telegram id, no name,
 * no user id): the row must not bring back what was deleted.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('account_deletions')
    .addColumn('deletion_id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('deleted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('cases_deleted', 'integer', (c) => c.notNull().check(sql`cases_deleted >= 0`))
    .addColumn('clients_deleted', 'integer', (c) => c.notNull().check(sql`clients_deleted >= 0`))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('account_deletions').execute();
}
