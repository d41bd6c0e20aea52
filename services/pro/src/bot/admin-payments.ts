import {
  appendEntry,
  type BillingConfig,
  balanceOf,
  grantTrial,
  latestPayments,
  lockPayment,
  MILLI,
  monthlyReport,
  recordRefund,
} from '@psycheos/billing';
import { Composer, GrammyError, InlineKeyboard } from 'grammy';
import { billingLabels, billingTexts } from '../billing-texts';
import { recordAdminAction } from '../data/admin-audit';
import { findSpecialistByTelegramId } from '../data/users';
import { callbackData, refundPattern } from './callback-data';
import type { ProContext } from './context';

const REPORT_MONTHS = 3;
const LISTED_PAYMENTS = 10;
/** An admin's grant at a time; a typo of extra zeros is refused rather than granted. */
const MAX_GRANT_CREDITS = 100_000;

/**
 * The admin's side of billing: revenue and usage per month, the latest payments with a
 * refund button each, and /grant. Admins only; for everyone else this composer is absent.
 */
export function adminPayments(billing: BillingConfig): Composer<ProContext> {
  const composer = new Composer<ProContext>();
  const panel = composer.filter((ctx) => ctx.isAdmin);

  panel.hears(billingLabels.payments, async (ctx) => {
    const [months, payments] = await Promise.all([
      monthlyReport(ctx.db, REPORT_MONTHS),
      latestPayments(ctx.db, LISTED_PAYMENTS),
    ]);
    const keyboard = new InlineKeyboard();
    for (const payment of payments) {
      if (payment.refunded_at || payment.payer_telegram_id === null) continue;
      keyboard
        .text(
          billingLabels.refund(payment.payment_id),
          callbackData.refundPayment(payment.payment_id),
        )
        .row();
    }
    await ctx.reply(billingTexts.paymentsReport(months, payments), { reply_markup: keyboard });
  });

  /**
   * A refund: the payment's row is locked, Telegram is asked, and only when it agrees (or
   * says the charge was refunded already) is the credit reversed, in the same transaction.
   * Should the commit fail after Telegram refunded, the next press finds the charge
   * refunded and reverses it then; recordRefund reverses a payment once.
   */
  panel.callbackQuery(refundPattern, async (ctx) => {
    const paymentId = Number(ctx.match[1]);
    const payment = await lockPayment(ctx.db, paymentId);
    if (!payment) {
      await ctx.answerCallbackQuery({ text: billingTexts.paymentNotFound });
      return;
    }
    if (payment.refunded_at) {
      await ctx.answerCallbackQuery({ text: billingTexts.refundAlready(paymentId) });
      return;
    }
    if (payment.payer_telegram_id === null) {
      await ctx.answerCallbackQuery({
        text: billingTexts.refundImpossible(paymentId),
        show_alert: true,
      });
      return;
    }
    try {
      await ctx.api.refundStarPayment(
        payment.payer_telegram_id,
        payment.telegram_payment_charge_id,
      );
    } catch (error) {
      const alreadyRefunded =
        error instanceof GrammyError && error.description.includes('CHARGE_ALREADY_REFUNDED');
      if (!alreadyRefunded) {
        const description =
          error instanceof GrammyError ? error.description : 'нет связи с Telegram';
        ctx.log.warn({ payment_id: paymentId, description }, 'Telegram refused a Stars refund');
        await ctx.answerCallbackQuery({
          text: billingTexts.refundRefused(paymentId, description),
          show_alert: true,
        });
        return;
      }
    }
    await recordRefund(ctx.db, payment.telegram_payment_charge_id);
    await recordAdminAction(ctx.db, ctx.from.id, 'payment_refunded', String(paymentId));
    ctx.log.info({ event: 'payment_refunded', payment_id: paymentId }, 'admin refunded a payment');
    await ctx.answerCallbackQuery({ text: billingTexts.refundDone(paymentId) });
    if (payment.specialist_user_id) {
      const balance = await balanceOf(ctx.db, payment.specialist_user_id, billing.trialMilli);
      await ctx.api.sendMessage(
        payment.payer_telegram_id,
        billingTexts.refunded(payment.credits_milli, balance),
      );
    }
  });

  panel.command('grant', async (ctx) => {
    const adminId = ctx.from?.id;
    if (adminId === undefined) return;
    const match = /^(\d{1,16})\s+(\d{1,6})$/.exec(ctx.match.trim());
    const amount = Number(match?.[2]);
    if (!match || amount < 1 || amount > MAX_GRANT_CREDITS) {
      await ctx.reply(billingTexts.grantUsage);
      return;
    }
    const person = await findSpecialistByTelegramId(ctx.db, Number(match[1]));
    if (!person) {
      await ctx.reply(billingTexts.grantNoSpecialist);
      return;
    }
    await grantTrial(ctx.db, person.user_id, billing.trialMilli);
    await appendEntry(ctx.db, {
      specialistUserId: person.user_id,
      kind: 'grant',
      amountMilli: amount * MILLI,
      grantedBy: adminId,
    });
    await recordAdminAction(ctx.db, adminId, 'credits_granted', person.user_id);
    const name =
      person.full_name ?? (person.username ? `@${person.username}` : String(person.telegram_id));
    await ctx.reply(billingTexts.grantDone(amount * MILLI, name));
  });
  return composer;
}
