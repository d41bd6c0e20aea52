import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * The credit ledger becomes truly append-only (issue 22, point 10). Until now its trigger
 * refused some UPDATEs only: a DELETE of usage entries (which gives back credits already
 * spent) passed, and so did rewriting any column but the amount, kind and owner as long as
 * payment_id was cleared in the same statement.
 *
 * Now an entry changes or goes only for the reason its foreign keys give:
 * - it is deleted only when its owner's users row is gone: the ON DELETE CASCADE of an
 *   account deletion (/delete_me);
 * - its payment_id is cleared, and nothing else changes, only when that star_payments row
 *   is gone: the ON DELETE SET NULL of the payment. /delete_me's unlinkPayments updates
 *   star_payments and never touches the ledger, so it needs nothing more.
 *
 * Why the check asks whether the owning row is gone rather than pg_trigger_depth(): the
 * foreign key's action runs as a trigger, but so would any trigger or function someone
 * adds later, and a depth test would let all of them erase entries. Whether the owner (or
 * the payment) still exists is the reason itself, whatever the call path: the cascade's
 * statement runs after the owner's row was deleted in the same transaction, so the check
 * sees it gone, while a direct DELETE of a living specialist's entries is refused.
 * TRUNCATE fires no row triggers; it needs the table owner's rights and is not guarded.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`
    create or replace function credit_ledger_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if not exists (select 1 from users where user_id = old.specialist_user_id) then
          return old;
        end if;
      elsif old.payment_id is not null and new.payment_id is null
            and to_jsonb(new) - 'payment_id' = to_jsonb(old) - 'payment_id'
            and not exists (select 1 from star_payments where payment_id = old.payment_id) then
        return new;
      end if;
      raise exception 'credit_ledger is append-only: add an entry instead of changing or deleting one';
    end
    $$
  `.execute(db);
  await sql`
    create trigger credit_ledger_no_delete before delete on credit_ledger
    for each row execute function credit_ledger_append_only()
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop trigger credit_ledger_no_delete on credit_ledger`.execute(db);
  // The function as 2026_11_27_001_billing left it.
  await sql`
    create or replace function credit_ledger_append_only() returns trigger language plpgsql as $$
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
}
