import type { Database, LedgerEntry, LedgerEntryKind } from '@psycheos/db';
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * A specialist's balance in millicredits: the sum of their ledger. The trial is counted
 * before its row exists (it is written with the first debit, payment or grant), so a
 * read never writes and every specialist, however old, starts with it.
 */
export async function balanceOf(
  db: Db,
  specialistUserId: string,
  trialMilli: number,
): Promise<number> {
  const row = await db
    .selectFrom('credit_ledger')
    .select([
      sql<string>`coalesce(sum(amount_milli), 0)`.as('total'),
      sql<boolean>`coalesce(bool_or(kind = 'trial'), false)`.as('has_trial'),
    ])
    .where('specialist_user_id', '=', specialistUserId)
    .executeTakeFirstOrThrow();
  return Number(row.total) + (row.has_trial ? 0 : trialMilli);
}

/** Writes the trial grant once (a unique index holds it to one per specialist). */
export async function grantTrial(
  db: Db,
  specialistUserId: string,
  trialMilli: number,
): Promise<void> {
  await sql`
    insert into credit_ledger (specialist_user_id, kind, amount_milli)
    values (${specialistUserId}, 'trial', ${trialMilli})
    on conflict (specialist_user_id) where kind = 'trial' do nothing
  `.execute(db);
}

export interface NewLedgerEntry {
  specialistUserId: string;
  kind: Exclude<LedgerEntryKind, 'trial'>;
  amountMilli: number;
  jobId?: string;
  sessionId?: string;
  paymentId?: number;
  grantedBy?: number;
}

/**
 * Appends one entry. An entry whose source already counted (the same AI job, session or
 * payment) adds nothing: false. The caller's transaction decides whether it stands.
 */
export async function appendEntry(db: Db, entry: NewLedgerEntry): Promise<boolean> {
  const inserted = await sql<{ entry_id: number }>`
    insert into credit_ledger
      (specialist_user_id, kind, amount_milli, job_id, session_id, payment_id, granted_by)
    values (${entry.specialistUserId}, ${entry.kind}, ${entry.amountMilli},
            ${entry.jobId ?? null}, ${entry.sessionId ?? null}, ${entry.paymentId ?? null},
            ${entry.grantedBy ?? null})
    on conflict do nothing
    returning entry_id
  `.execute(db);
  return inserted.rows.length > 0;
}

/** Every column of credit_ledger, named: a prepared `select *` goes stale when a column is added. */
const LEDGER_ENTRY_COLUMNS = [
  'entry_id',
  'specialist_user_id',
  'kind',
  'amount_milli',
  'job_id',
  'session_id',
  'payment_id',
  'granted_by',
  'created_at',
] as const;

/** The latest entries, newest first, for /balance and the dashboard. */
export async function recentEntries(
  db: Db,
  specialistUserId: string,
  limit: number,
): Promise<LedgerEntry[]> {
  return db
    .selectFrom('credit_ledger')
    .select(LEDGER_ENTRY_COLUMNS)
    .where('specialist_user_id', '=', specialistUserId)
    .orderBy('entry_id', 'desc')
    .limit(limit)
    .execute();
}
