import type { ColumnType, Generated, Selectable } from 'kysely';

/** Billing's tables (migration 2026_11_27_001); what each holds and why is written there. */

type CreatedAt = ColumnType<Date, never, never>;

export type LedgerEntryKind =
  | 'trial'
  | 'grant'
  | 'purchase'
  | 'subscription'
  | 'usage'
  | 'session'
  | 'refund';

export interface StarPaymentsTable {
  payment_id: Generated<number>;
  telegram_payment_charge_id: string;
  specialist_user_id: string | null;
  payer_telegram_id: number | null;
  product_id: string;
  stars: number;
  credits_milli: number;
  is_subscription: ColumnType<boolean, boolean | undefined, never>;
  /** The payment that started a subscription: its charge id names the subscription to Telegram. */
  is_first_recurring: ColumnType<boolean, boolean | undefined, never>;
  subscription_expires_at: ColumnType<Date | null, Date | null | undefined, never>;
  refunded_at: ColumnType<Date | null, never, Date>;
  created_at: CreatedAt;
}

export interface CreditLedgerTable {
  entry_id: Generated<number>;
  specialist_user_id: string;
  kind: LedgerEntryKind;
  /** Signed: credits in, debits out; millicredits (1 credit = 1000). */
  amount_milli: number;
  job_id: string | null;
  session_id: string | null;
  payment_id: number | null;
  /** The admin's Telegram id, for kind 'grant'. */
  granted_by: number | null;
  created_at: CreatedAt;
}

export type StarPayment = Selectable<StarPaymentsTable>;
export type LedgerEntry = Selectable<CreditLedgerTable>;
