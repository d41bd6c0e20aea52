import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * What /delete_me needs to find everything about a person, and what keeps strangers cheap:
 * - case_clients: every client a screening invite linked to a case. contexts.client_user_id
 *   held one, so a second sign-up for the same case overwrote the first, whose users row
 *   then hung on nothing and was never deleted.
 * - invites.used_by_user_id: the account an invite registered, so deleting that account
 *   can scrub the admin's note about the person ("Мария Иванова, психотерапевт, Казань").
 * - event_outbox.stream_seq: where JetStream stored each published event, and
 *   event_purges: the stream messages a deletion asked to erase, which the outbox relay
 *   erases once NATS can be reached. An index finds a specialist's events in the outbox.
 * - bot_chat_state.stranger_answered_at: when a bot last answered someone who has no
 *   business with it, so it answers them once per period (one column of a row every
 *   chat has anyway, so it stays bounded).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('case_clients')
    .addColumn('context_id', 'uuid', (c) =>
      c.notNull().references('contexts.context_id').onDelete('cascade'),
    )
    .addColumn('client_user_id', 'uuid', (c) =>
      c.notNull().references('users.user_id').onDelete('cascade'),
    )
    .addColumn('linked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('case_clients_pkey', ['context_id', 'client_user_id'])
    .execute();
  await db.schema
    .createIndex('case_clients_client_idx')
    .on('case_clients')
    .column('client_user_id')
    .execute();
  await sql`
    insert into case_clients (context_id, client_user_id, linked_at)
    select context_id, client_user_id, updated_at from contexts where client_user_id is not null
  `.execute(db);
  await db.schema.alterTable('contexts').dropColumn('client_user_id').execute();

  await db.schema
    .alterTable('invites')
    .addColumn('used_by_user_id', 'uuid', (c) => c.references('users.user_id').onDelete('set null'))
    .execute();

  await db.schema.alterTable('event_outbox').addColumn('stream_seq', 'bigint').execute();
  await sql`
    create index event_outbox_specialist_idx
    on event_outbox ((payload -> 'payload' ->> 'specialist_user_id'))
  `.execute(db);
  await db.schema
    .createTable('event_purges')
    .addColumn('event_id', 'uuid', (c) => c.primaryKey())
    .addColumn('stream_seq', 'bigint', (c) => c.notNull())
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .alterTable('bot_chat_state')
    .addColumn('stranger_answered_at', 'timestamptz')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('bot_chat_state').dropColumn('stranger_answered_at').execute();
  await db.schema.dropTable('event_purges').execute();
  await sql`drop index event_outbox_specialist_idx`.execute(db);
  await db.schema.alterTable('event_outbox').dropColumn('stream_seq').execute();
  await db.schema.alterTable('invites').dropColumn('used_by_user_id').execute();
  await db.schema
    .alterTable('contexts')
    .addColumn('client_user_id', 'uuid', (c) => c.references('users.user_id').onDelete('set null'))
    .execute();
  // The older schema keeps one client per case: the latest one linked.
  await sql`
    update contexts set client_user_id = latest.client_user_id
    from (
      select distinct on (context_id) context_id, client_user_id
      from case_clients order by context_id, linked_at desc
    ) latest
    where contexts.context_id = latest.context_id
  `.execute(db);
  await db.schema.dropTable('case_clients').execute();
}
