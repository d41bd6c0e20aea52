import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * /delete_me cancels a Stars subscription (issue 22, point 11), and Telegram names a
 * subscription by the charge id of its first payment (editUserStarSubscription; MTProto's
 * botCancelStarsSubscription: "the charge id ... for the first subscription payment").
 * A renewal's successful_payment carries only its own charge id, so the payment that
 * started a subscription (Telegram's is_first_recurring) is marked as it is recorded.
 * Rows from before are not marked; subscriptions began on 2026-11-27 with 30-day periods,
 * so each of them is still its subscription's only, first, payment.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`
    alter table star_payments add column is_first_recurring boolean not null default false
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`alter table star_payments drop column is_first_recurring`.execute(db);
}
