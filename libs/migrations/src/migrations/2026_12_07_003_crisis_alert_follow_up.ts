import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * A crisis alert is followed up (issue 22):
 * - escalated_at: when the admins were told that the alert did not reach the specialist
 *   (Telegram refused it, or it was not delivered within minutes); at most once per alert.
 * - acknowledged_at, acknowledged_by: the specialist pressed «✅ Принято» on it. The case
 *   card lists the alerts not yet acknowledged first.
 * - matched: for a free-text trigger, which entry of the crisis phrase list matched (its
 *   id, never the client's words), so the specialist knows what kind of words they were.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`
    alter table crisis_alerts
      add column escalated_at timestamptz,
      add column acknowledged_at timestamptz,
      add column acknowledged_by uuid references users (user_id) on delete set null,
      add column matched text check (matched ~ '^[a-z0-9_-]{1,64}$')
  `.execute(db);
  // What the escalation watch reads every few seconds: the alerts nobody has followed up.
  await sql`
    create index crisis_alerts_unescalated_idx on crisis_alerts (created_at)
    where escalated_at is null and delivery <> 'sent'
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index crisis_alerts_unescalated_idx`.execute(db);
  await sql`
    alter table crisis_alerts
      drop column matched,
      drop column acknowledged_by,
      drop column acknowledged_at,
      drop column escalated_at
  `.execute(db);
}
