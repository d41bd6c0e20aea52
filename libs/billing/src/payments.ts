import type { Database, StarPayment } from '@psycheos/db';
import { type Kysely, sql, type Transaction } from 'kysely';
import { type PayloadProduct, parsePayload, STARS } from './catalogue';
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
  is_first_recurring?: boolean;
}

/** Why a payment Telegram took was not credited; each needs an admin to refund or grant. */
export type NotCreditedReason =
  /** The payload names nothing we sell (a forged payload cannot pass pre-checkout, so: a bug). */
  | { kind: 'unknown_product' }
  | { kind: 'wrong_currency'; currency: string }
  /** Paid another amount than the price its invoice payload carries. */
  | { kind: 'wrong_amount'; productId: string; paid: number; price: number }
  /** The payer is not a specialist (any more): there is no balance to credit. */
  | { kind: 'not_a_specialist' };

export type PaymentOutcome =
  | { kind: 'credited'; payment: StarPayment }
  | { kind: 'duplicate' }
  /** Recorded, so its charge id is known and a redelivery changes nothing; not credited. */
  | { kind: 'not_credited'; payment: StarPayment; reason: NotCreditedReason };

/** Every column of star_payments, named: a prepared `select *` goes stale when a column is added. */
const STAR_PAYMENT_COLUMNS = [
  'payment_id',
  'telegram_payment_charge_id',
  'specialist_user_id',
  'payer_telegram_id',
  'product_id',
  'stars',
  'credits_milli',
  'is_subscription',
  'is_first_recurring',
  'subscription_expires_at',
  'refunded_at',
  'created_at',
] as const;

/** What deciding on a refund reads of a payment (refund-payment.ts in pro). */
const REFUND_COLUMNS = [
  'payment_id',
  'telegram_payment_charge_id',
  'specialist_user_id',
  'payer_telegram_id',
  'credits_milli',
  'refunded_at',
] as const;

/**
 * Records a payment and credits it, once: telegram_payment_charge_id is unique, so an
 * update Telegram delivers again (or a second replica racing the first) changes nothing.
 * A payment credits only what was paid for: Stars, exactly the price its invoice payload
 * carries. Pre-checkout checks the same, but the payment is what Telegram actually took;
 * crediting a product for less than its price would hand out credits. A subscription's
 * renewal is a payment of its own, with its own charge id and the new end of the period.
 * Runs in the update's transaction: if the database fails, the webhook answers 5xx and
 * Telegram delivers the payment again.
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
  const refusal = whyNotCredited(sold, payment, payer.specialistUserId);
  const credited = refusal === null && sold !== null && payer.specialistUserId !== null;
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
      is_first_recurring: payment.is_first_recurring === true,
      subscription_expires_at: expiresAt,
    })
    .onConflict((oc) => oc.column('telegram_payment_charge_id').doNothing())
    .returning(STAR_PAYMENT_COLUMNS)
    .executeTakeFirst();
  if (!inserted) return { kind: 'duplicate' };
  if (!credited || !payer.specialistUserId) {
    const reason = refusal ?? { kind: 'unknown_product' };
    return { kind: 'not_credited', payment: inserted, reason };
  }
  await appendEntry(tx, {
    specialistUserId: payer.specialistUserId,
    kind: sold.kind === 'subscription' ? 'subscription' : 'purchase',
    amountMilli: sold.creditsMilli,
    paymentId: inserted.payment_id,
  });
  return { kind: 'credited', payment: inserted };
}

function whyNotCredited(
  sold: PayloadProduct | null,
  payment: SuccessfulPayment,
  specialistUserId: string | null,
): NotCreditedReason | null {
  if (!sold) return { kind: 'unknown_product' };
  if (payment.currency !== STARS) return { kind: 'wrong_currency', currency: payment.currency };
  if (payment.total_amount !== sold.stars) {
    const { productId, stars: price } = sold;
    return { kind: 'wrong_amount', productId, paid: payment.total_amount, price };
  }
  if (!specialistUserId) return { kind: 'not_a_specialist' };
  return null;
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
    .select(['payment_id', 'specialist_user_id', 'credits_milli', 'refunded_at'])
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
    .select(REFUND_COLUMNS)
    .where('payment_id', '=', paymentId)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * A payment by Telegram's charge id, locked for a refund decision: the id Telegram, the
 * payer's receipt and the admins' notices name a payment by, when it is no longer listed.
 */
export async function lockPaymentByCharge(
  tx: Transaction<Database>,
  telegramPaymentChargeId: string,
) {
  return tx
    .selectFrom('star_payments')
    .select(REFUND_COLUMNS)
    .where('telegram_payment_charge_id', '=', telegramPaymentChargeId)
    .forUpdate()
    .executeTakeFirst();
}

/** The latest payments, for the admin's list. */
export async function latestPayments(db: Db, limit: number): Promise<StarPayment[]> {
  return db
    .selectFrom('star_payments')
    .select(STAR_PAYMENT_COLUMNS)
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
 * A period that ended this long ago may still be renewing: Telegram charges at the period's
 * end, and the renewal's payment can reach us a little later.
 */
const RENEWAL_GRACE = '3 days';

export interface RenewingSubscription {
  /** The payment that started it, whose charge id names it in editUserStarSubscription. */
  paymentId: number;
  telegramPaymentChargeId: string;
}

/**
 * The specialist's subscription that Telegram may still renew, for /delete_me to cancel;
 * null when none. Telegram knows a subscription by its first payment's charge id, so this
 * is the latest first payment (is_first_recurring) up to the latest period; before that
 * was recorded, a subscription's only payment was its first.
 */
export async function renewingSubscription(
  db: Db,
  specialistUserId: string,
): Promise<RenewingSubscription | null> {
  const latest = await db
    .selectFrom('star_payments')
    .select(['payment_id', 'telegram_payment_charge_id'])
    .where('specialist_user_id', '=', specialistUserId)
    .where('is_subscription', '=', true)
    .where('subscription_expires_at', '>', sql<Date>`now() - ${RENEWAL_GRACE}::interval`)
    .orderBy('subscription_expires_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return null;
  const first = await db
    .selectFrom('star_payments')
    .select(['payment_id', 'telegram_payment_charge_id'])
    .where('specialist_user_id', '=', specialistUserId)
    .where('is_first_recurring', '=', true)
    .where('payment_id', '<=', latest.payment_id)
    .orderBy('payment_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const started = first ?? latest;
  return {
    paymentId: started.payment_id,
    telegramPaymentChargeId: started.telegram_payment_charge_id,
  };
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
