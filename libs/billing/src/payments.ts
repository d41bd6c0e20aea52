import type { Database, StarPayment } from '@psycheos/shared';
import { type Kysely, sql, type Transaction } from 'kysely';
import { parsePayload } from './catalogue';
import { appendEntry } from './ledger';

type Db = Kysely<Database> | Transaction<Database>;

/** Telegram's successful_payment, the fields billing reads. */
export interface SuccessfulPayment {
  currency: string;
  total_amount: number;
  invoice_payload: string;
  telegram_payment_charge_id: string;
  subscription_expiration_date?: number;
  is_recurring?: boolean;
}

export type PaymentOutcome =
  | { kind: 'credited'; payment: StarPayment }
  | { kind: 'duplicate' }
  /** Paid, but not for anything we sell (a forged payload cannot pass pre-checkout, so: a bug); recorded, not credited. */
  | { kind: 'not_credited'; payment: StarPayment };

/**
 * Records a payment and credits it, once: telegram_payment_charge_id is unique, so an
 * update Telegram delivers again (or a second replica racing the first) changes nothing.
 * A subscription's renewal is a payment of its own, with its own charge id and the new end
 * of the period. Runs in the update's transaction: if the database fails, the webhook
 * answers 5xx and Telegram delivers the payment again.
 */
export async function recordSuccessfulPayment(
  tx: Transaction<Database>,
  payer: { specialistUserId: string | null; telegramId: number },
  payment: SuccessfulPayment,
): Promise<PaymentOutcome> {
  const sold = parsePayload(payment.invoice_payload);
  const expiresAt = payment.subscription_expiration_date
    ? new Date(payment.subscription_expiration_date * 1000)
    : null;
  const credited = sold !== null && payer.specialistUserId !== null;
  const inserted = await tx
    .insertInto('star_payments')
    .values({
      telegram_payment_charge_id: payment.telegram_payment_charge_id,
      specialist_user_id: payer.specialistUserId,
      payer_telegram_id: payer.telegramId,
      product_id: sold?.productId ?? 'unknown',
      stars: payment.total_amount,
      credits_milli: credited ? sold.creditsMilli : 0,
      is_subscription: sold?.kind === 'subscription',
      subscription_expires_at: expiresAt,
    })
    .onConflict((oc) => oc.column('telegram_payment_charge_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) return { kind: 'duplicate' };
  if (!credited || !payer.specialistUserId) return { kind: 'not_credited', payment: inserted };
  await appendEntry(tx, {
    specialistUserId: payer.specialistUserId,
    kind: sold.kind === 'subscription' ? 'subscription' : 'purchase',
    amountMilli: sold.creditsMilli,
    paymentId: inserted.payment_id,
  });
  return { kind: 'credited', payment: inserted };
}

export type RefundOutcome = 'reversed' | 'already_refunded' | 'unknown_payment';

/**
 * Reverses a refunded payment's credit, once (one 'refund' entry per payment), however
 * the refund was learnt of: the admin's refundStarPayment, or Telegram's refunded_payment
 * message. The balance may go below zero if the credits were spent.
 */
export async function recordRefund(
  tx: Transaction<Database>,
  telegramPaymentChargeId: string,
): Promise<RefundOutcome> {
  const payment = await tx
    .selectFrom('star_payments')
    .selectAll()
    .where('telegram_payment_charge_id', '=', telegramPaymentChargeId)
    .forUpdate()
    .executeTakeFirst();
  if (!payment) return 'unknown_payment';
  if (payment.refunded_at) return 'already_refunded';
  await tx
    .updateTable('star_payments')
    .set({ refunded_at: new Date() })
    .where('payment_id', '=', payment.payment_id)
    .execute();
  if (payment.specialist_user_id && payment.credits_milli > 0) {
    await appendEntry(tx, {
      specialistUserId: payment.specialist_user_id,
      kind: 'refund',
      amountMilli: -payment.credits_milli,
      paymentId: payment.payment_id,
    });
  }
  return 'reversed';
}

/** A payment by its id, locked for a refund decision. */
export async function lockPayment(tx: Transaction<Database>, paymentId: number) {
  return tx
    .selectFrom('star_payments')
    .selectAll()
    .where('payment_id', '=', paymentId)
    .forUpdate()
    .executeTakeFirst();
}

/** The latest payments, for the admin's list. */
export async function latestPayments(db: Db, limit: number): Promise<StarPayment[]> {
  return db
    .selectFrom('star_payments')
    .selectAll()
    .orderBy('payment_id', 'desc')
    .limit(limit)
    .execute();
}

export interface SubscriptionStatus {
  productId: string;
  /** The end of the period paid for; Telegram renews it then unless the specialist cancels. */
  paidUntil: Date;
}

/** The specialist's subscription while a paid, unrefunded period lasts; null otherwise. */
export async function subscriptionOf(
  db: Db,
  specialistUserId: string,
): Promise<SubscriptionStatus | null> {
  const latest = await db
    .selectFrom('star_payments')
    .select(['product_id', 'subscription_expires_at'])
    .where('specialist_user_id', '=', specialistUserId)
    .where('is_subscription', '=', true)
    .where('refunded_at', 'is', null)
    .where('subscription_expires_at', '>', sql<Date>`now()`)
    .orderBy('subscription_expires_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest?.subscription_expires_at) return null;
  return { productId: latest.product_id, paidUntil: latest.subscription_expires_at };
}

/**
 * What /delete_me keeps of payments: the amount, date and charge id the law asks for, and
 * nothing that leads back to the person.
 */
export async function unlinkPayments(db: Db, specialistUserId: string): Promise<void> {
  await db
    .updateTable('star_payments')
    .set({ specialist_user_id: null, payer_telegram_id: null })
    .where('specialist_user_id', '=', specialistUserId)
    .execute();
}
