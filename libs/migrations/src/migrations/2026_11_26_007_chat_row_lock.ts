import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * The chat's flood counter moves into its bot_chat_state row, which every update of the
 * chat now upserts first: the row's lock serializes the chat and the upsert returns the
 * chat's state, one round trip where a lock, a counter and a read were. A chat seen but
 * never given a state keeps a row whose state is null.
 *
 * The claim itself becomes a function, claim_update (see pipeline/claim-update.ts): its
 * statements are planned once per connection, where the same SQL sent as text was parsed
 * and planned on every update. It also reads the sender's users row, which the pro
 * service looked up in a round trip of its own.
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
  // Each statement of a volatile function takes a fresh snapshot, so the users row is read
  // after the chat's lock is held and sees what the chat's previous update committed.
  await sql`
    create function claim_update(p_bot text, p_update bigint, p_chat bigint, p_user bigint)
    returns table (claimed boolean, chat bot_chat_state, sender jsonb)
    language plpgsql as $$
    declare
      v_chat bot_chat_state;
    begin
      insert into telegram_update_dedup (bot_id, update_id) values (p_bot, p_update)
      on conflict do nothing;
      if not found then
        return query select false, null::bot_chat_state, null::jsonb;
        return;
      end if;
      if p_chat is not null then
        insert into bot_chat_state as saved
          (bot_id, chat_id, telegram_user_id, rate_window_start, rate_updates)
        values (p_bot, p_chat, p_user, date_trunc('minute', now()), 1)
        on conflict (bot_id, chat_id) do update set
          rate_updates = case when saved.rate_window_start = excluded.rate_window_start
                              then saved.rate_updates + 1 else 1 end,
          rate_window_start = excluded.rate_window_start
        returning saved.* into v_chat;
      end if;
      return query
        select true, v_chat, (select to_jsonb(u) from users u where u.telegram_id = p_user);
    end
    $$
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop function claim_update(text, bigint, bigint, bigint)`.execute(db);
  // Back to migration 005's table, written out here: a migration never changes, so it
  // depends on no other. The counts start again from zero.
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
