import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * An event is parked once per consumer, however often it arrives (issue 29, point 5). The
 * primary key (consumer, stream_seq) kept one row per stream message, but the same event
 * came back as another message: `--replay` publishes it anew, and on NATS 2.9, which ignored
 * the terminate acknowledgement the consumer sent, the original was delivered again after
 * the replay had removed its row, so it was parked under both sequences.
 *
 * - event_key: what makes two messages one event for its consumer, its `event_id`, or a
 *   digest of the bytes when it has none (libs/events/src/parked-events-identity.ts).
 *   Unique per consumer: parking it again updates the row (its newest stream sequence, the
 *   reason) instead of adding one. Null for a row parked before this migration, or by a
 *   replica of the previous release during a rolling deploy: those wrote no key.
 * - times_parked: how often it was parked, so an operator sees an event that keeps coming.
 *
 * Rows already there are left as they are: they hold no payload and no event id, so two
 * rows of one event cannot be told from two events, and merging on a guess would drop an
 * event that still needs replaying. The primary key already kept one row per message;
 * what remains merges the next time it is replayed (the consumer parks it by its key), or
 * goes with `npm run parked-events -- --discard`.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`
    alter table parked_events
      add column event_key text,
      add column times_parked integer not null default 1
  `.execute(db);
  await sql`
    create unique index parked_events_event_key_idx on parked_events (consumer, event_key)
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index parked_events_event_key_idx`.execute(db);
  await sql`
    alter table parked_events
      drop column times_parked,
      drop column event_key
  `.execute(db);
}
