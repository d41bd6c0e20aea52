import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * The reply outbox: every Bot API call a committed update makes (a message, an edit) is
 * written in the update's own transaction and sent after commit by the bot's one active
 * sender (replies/reply-sender.ts). A reply is then as durable as the change it reports:
 * a process killed before sending it leaves it here for the next one.
 *
 * A sent row is deleted at once: its text is case material with no further use. A row
 * Telegram refused for good, or one too old to make sense, stays as `failed` or `expired`
 * with its reason and without its payload, for an operator, and is pruned after 48 hours.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('reply_outbox')
    .addColumn('reply_id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('bot_id', 'text', (c) => c.notNull())
    // The chat whose order the call keeps (the update's chat); a chat's calls go one by one.
    .addColumn('chat_id', 'bigint', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb')
    // 0 for people the bot knows, 1 for strangers: under a backlog the known go first.
    .addColumn('priority', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending', 'failed', 'expired')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('settled_at', 'timestamptz')
    .execute();
  // The sender's one read: a bot's pending rows, most urgent and oldest first.
  await sql`
    create index reply_outbox_pending_idx on reply_outbox (bot_id, priority, reply_id)
    where status = 'pending'
  `.execute(db);
  // A chat's pending strangers' rows: when a stranger becomes someone the bot knows, their
  // rows still waiting are raised with them, so the chat's order holds (reply-outbox.ts).
  // Only strangers' rows are in it, so the replies of people the bot knows cost no entry.
  await sql`
    create index reply_outbox_stranger_chat_idx on reply_outbox (bot_id, chat_id)
    where status = 'pending' and priority > 0
  `.execute(db);
  await sql`
    create index reply_outbox_settled_idx on reply_outbox (settled_at)
    where status <> 'pending'
  `.execute(db);

  // The insert as a function, like claim_update: a call is parsed in a moment and the
  // statements inside are planned once per connection, where the same SQL sent as text,
  // values inlined so it can travel with the COMMIT (db/at-commit.ts), was planned each time.
  await sql`
    create function enqueue_replies(
      p_bot text, p_chat bigint, p_priority smallint, p_methods text[], p_payloads jsonb[]
    ) returns void language plpgsql as $$
    begin
      -- A stranger who became someone the bot knows: their rows still waiting rise with them.
      if p_priority = 0 then
        update reply_outbox set priority = 0
        where bot_id = p_bot and chat_id = p_chat and status = 'pending' and priority > 0;
      end if;
      insert into reply_outbox (bot_id, chat_id, method, payload, priority)
      select p_bot, p_chat, call.method, call.payload, p_priority
      from unnest(p_methods, p_payloads) with ordinality as call(method, payload, n)
      order by call.n;
    end
    $$
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop function enqueue_replies(text, bigint, smallint, text[], jsonb[])`.execute(db);
  await db.schema.dropTable('reply_outbox').execute();
}
