import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * Billing with Telegram Stars (issue 15):
 * - star_payments: every successful payment Telegram reported, once per
 *   telegram_payment_charge_id. It is the payment record the law asks us to keep: when the
 *   specialist deletes their account, the row stays with its amount, date and charge id,
 *   and its link to the person (specialist_user_id, payer_telegram_id) is cleared.
 * - credit_ledger: the balance, as an append-only list of signed amounts in millicredits
 *   (1 credit = 1000): the trial grant, admins' grants, purchases, subscription periods,
 *   AI usage and refunds. The balance is their sum, so concurrent debits add rows and
 *   never overwrite a number; a trigger refuses UPDATE. Partial unique indexes make each
 *   source count once: one trial per specialist, one usage debit per AI job, one session
 *   charge per tool session, one credit and one reversal per payment.
 * The ledger goes with the specialist's account (ON DELETE CASCADE).
 * admin_audit learns two actions: a refund and a grant of credits.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`
    create table star_payments (
      payment_id bigserial primary key,
      telegram_payment_charge_id text not null unique,
      specialist_user_id uuid references users (user_id) on delete set null,
      payer_telegram_id bigint,
      product_id text not null,
      stars integer not null check (stars > 0),
      credits_milli bigint not null check (credits_milli >= 0),
      is_subscription boolean not null default false,
      subscription_expires_at timestamptz,
      refunded_at timestamptz,
      created_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index star_payments_specialist_idx on star_payments (specialist_user_id, created_at desc)`.execute(
    db,
  );
  await sql`create index star_payments_created_idx on star_payments (created_at)`.execute(db);

  await sql`
    create table credit_ledger (
      entry_id bigserial primary key,
      specialist_user_id uuid not null references users (user_id) on delete cascade,
      kind text not null check (
        kind in ('trial', 'grant', 'purchase', 'subscription', 'usage', 'session', 'refund')
      ),
      amount_milli bigint not null,
      job_id uuid,
      session_id uuid,
      payment_id bigint references star_payments (payment_id) on delete set null,
      granted_by bigint,
      created_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index credit_ledger_specialist_idx on credit_ledger (specialist_user_id, entry_id desc)`.execute(
    db,
  );
  await sql`create index credit_ledger_created_idx on credit_ledger (created_at)`.execute(db);
  await sql`create unique index credit_ledger_one_trial on credit_ledger (specialist_user_id) where kind = 'trial'`.execute(
    db,
  );
  await sql`create unique index credit_ledger_one_debit_per_job on credit_ledger (job_id) where kind = 'usage'`.execute(
    db,
  );
  await sql`create unique index credit_ledger_one_charge_per_session on credit_ledger (session_id) where kind = 'session'`.execute(
    db,
  );
  await sql`create unique index credit_ledger_once_per_payment on credit_ledger (payment_id, kind) where payment_id is not null`.execute(
    db,
  );
  await sql`
    create function credit_ledger_append_only() returns trigger language plpgsql as $$
    begin
      -- A cleared payment link (the payment's record outliving nothing) is the one change allowed.
      if new.entry_id = old.entry_id and new.amount_milli = old.amount_milli
         and new.kind = old.kind and new.specialist_user_id = old.specialist_user_id
         and new.payment_id is null and old.payment_id is not null then
        return new;
      end if;
      raise exception 'credit_ledger is append-only: add an entry instead of changing one';
    end
    $$
  `.execute(db);
  await sql`alter table admin_audit drop constraint admin_audit_action_check`.execute(db);
  await sql`
    alter table admin_audit add constraint admin_audit_action_check check (action in (
      'invite_created', 'invite_revoked', 'specialist_blocked', 'specialist_unblocked',
      'payment_refunded', 'credits_granted'
    ))
  `.execute(db);
  await sql`
    create trigger credit_ledger_append_only before update on credit_ledger
    for each row execute function credit_ledger_append_only()
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`delete from admin_audit where action in ('payment_refunded', 'credits_granted')`.execute(
    db,
  );
  await sql`alter table admin_audit drop constraint admin_audit_action_check`.execute(db);
  await sql`
    alter table admin_audit add constraint admin_audit_action_check check (action in (
      'invite_created', 'invite_revoked', 'specialist_blocked', 'specialist_unblocked'
    ))
  `.execute(db);
  await sql`drop table credit_ledger`.execute(db);
  await sql`drop function credit_ledger_append_only()`.execute(db);
  await sql`drop table star_payments`.execute(db);
}
