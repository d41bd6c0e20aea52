import { type Kysely, sql } from 'kysely';

// Migrations take Kysely<any>: they describe the schema as it was then, not as schema.ts says now.
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('user_id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('telegram_id', 'bigint', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('specialist', 'client')`))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('active').check(sql`status in ('active', 'blocked')`),
    )
    .addColumn('username', 'text')
    .addColumn('full_name', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('invites')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('max_uses', 'integer', (c) => c.notNull().defaultTo(1).check(sql`max_uses > 0`))
    .addColumn('used_count', 'integer', (c) =>
      c.notNull().defaultTo(0).check(sql`used_count >= 0 and used_count <= max_uses`),
    )
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('contexts')
    .addColumn('context_id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('specialist_user_id', 'uuid', (c) =>
      c.notNull().references('users.user_id').onDelete('cascade'),
    )
    .addColumn('client_ref', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('active').check(sql`status in ('active', 'archived')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('contexts_specialist_status_idx')
    .on('contexts')
    .columns(['specialist_user_id', 'status'])
    .execute();

  await db.schema
    .createTable('bot_chat_state')
    .addColumn('bot_id', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('context_id', 'uuid', (c) =>
      c.references('contexts.context_id').onDelete('set null'),
    )
    .addColumn('role', 'text', (c) => c.check(sql`role in ('specialist', 'client')`))
    .addColumn('telegram_user_id', 'bigint')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('bot_chat_state_pkey', ['bot_id', 'chat_id'])
    .execute();
  await db.schema
    .createIndex('bot_chat_state_telegram_user_idx')
    .on('bot_chat_state')
    .column('telegram_user_id')
    .execute();

  await db.schema
    .createTable('telegram_update_dedup')
    .addColumn('bot_id', 'text', (c) => c.notNull())
    .addColumn('update_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('telegram_update_dedup_pkey', ['bot_id', 'update_id'])
    .execute();
  // Lets a retention job delete old rows by age without a full scan.
  await db.schema
    .createIndex('telegram_update_dedup_created_at_idx')
    .on('telegram_update_dedup')
    .column('created_at')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['telegram_update_dedup', 'bot_chat_state', 'contexts', 'invites', 'users']) {
    await db.schema.dropTable(table).execute();
  }
}
