import {
  type BillingConfig,
  balanceOf,
  lockPayment,
  lockPaymentByCharge,
  recordRefund,
} from '@psycheos/billing';
import type { Database } from '@psycheos/db';
import { GrammyError } from 'grammy';
import type { Transaction } from 'kysely';
import { billingTexts } from '../billing-texts';
import { recordAdminAction } from '../data/admin-audit';
import type { ProContext } from './context';

/**
 * Which payment an admin refunds: the payments list's button names pro's payment number;
 * /refund passes what the admin typed, a charge id or a payment number.
 */
export type RefundTarget = { paymentId: number } | { typed: string };

/** What came of an admin's refund; the button and /refund each say it in their own way. */
export type AdminRefund =
  | { kind: 'not_found' }
  | { kind: 'already_refunded'; paymentId: number }
  /** /delete_me cleared the payer's Telegram id, which Telegram needs to refund. */
  | { kind: 'payer_deleted'; paymentId: number }
  /** Telegram said no (its description), or could not be reached (null). Nothing was reversed. */
  | { kind: 'refused'; paymentId: number; description: string | null }
  | { kind: 'refunded'; paymentId: number };

/** №12 or 12: pro's own payment number, as the payments list and the admins' notices show it. */
const PAYMENT_NUMBER = /^№?(\d{1,15})$/;

/**
 * The one refund procedure, whether the admin pressed ↩️ or typed /refund: the payment's
 * row is locked, Telegram is asked, and only when it agrees (or says the charge was refunded
 * already) is the credit reversed and the refund audited, in the update's transaction.
 * Should the commit fail after Telegram refunded, the next attempt finds the charge refunded
 * and reverses it then; recordRefund reverses a payment once.
 */
export async function refundPayment(
  ctx: ProContext,
  billing: BillingConfig,
  adminId: number,
  target: RefundTarget,
): Promise<AdminRefund> {
  const payment = await lockTarget(ctx.db, target);
  if (!payment) return { kind: 'not_found' };
  const paymentId = payment.payment_id;
  if (payment.refunded_at) return { kind: 'already_refunded', paymentId };
  if (payment.payer_telegram_id === null) return { kind: 'payer_deleted', paymentId };
  try {
    await ctx.api.refundStarPayment(payment.payer_telegram_id, payment.telegram_payment_charge_id);
  } catch (error) {
    const alreadyRefunded =
      error instanceof GrammyError && error.description.includes('CHARGE_ALREADY_REFUNDED');
    if (!alreadyRefunded) {
      const description = error instanceof GrammyError ? error.description : null;
      ctx.log.warn(
        { payment_id: paymentId, description: description ?? String(error) },
        'Telegram refused a Stars refund',
      );
      return { kind: 'refused', paymentId, description };
    }
  }
  await recordRefund(ctx.db, payment.telegram_payment_charge_id);
  await recordAdminAction(ctx.db, adminId, 'payment_refunded', String(paymentId));
  ctx.log.info({ event: 'payment_refunded', payment_id: paymentId }, 'admin refunded a payment');
  if (payment.specialist_user_id) {
    const balance = await balanceOf(ctx.db, payment.specialist_user_id, billing.trialMilli);
    await ctx.api.sendMessage(
      payment.payer_telegram_id,
      billingTexts.refunded(payment.credits_milli, balance),
    );
  }
  return { kind: 'refunded', paymentId };
}

/**
 * Telegram's charge id is tried first: a charge id made only of digits must never be taken
 * for another payment's number, and refund the wrong payment.
 */
async function lockTarget(tx: Transaction<Database>, target: RefundTarget) {
  if ('paymentId' in target) return lockPayment(tx, target.paymentId);
  const byCharge = await lockPaymentByCharge(tx, target.typed);
  const number = PAYMENT_NUMBER.exec(target.typed)?.[1];
  if (byCharge || number === undefined) return byCharge;
  return lockPayment(tx, Number(number));
}
