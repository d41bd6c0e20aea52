import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // Who did what to which invite or specialist, and when. Targets are ids, not names.
  await db.schema
    .createTable('admin_audit')
    .addColumn('audit_id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('admin_telegram_id', 'bigint', (c) => c.notNull())
    .addColumn('action', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`action in ('invite_created', 'invite_revoked', 'specialist_blocked', 'specialist_unblocked')`,
        ),
    )
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('admin_audit_created_idx')
    .on('admin_audit')
    .column('created_at')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('admin_audit').execute();
}
