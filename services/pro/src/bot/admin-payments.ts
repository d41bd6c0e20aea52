import {
  appendEntry,
  type BillingConfig,
  grantTrial,
  latestPayments,
  MILLI,
  monthlyReport,
} from '@psycheos/billing';
import { Composer, InlineKeyboard } from 'grammy';
import { billingLabels, billingTexts } from '../billing-texts';
import { recordAdminAction } from '../data/admin-audit';
import { findSpecialistByTelegramId } from '../data/users';
import { callbackData, refundPattern } from './callback-data';
import type { ProContext } from './context';
import { refundPayment } from './refund-payment';

const REPORT_MONTHS = 3;
const LISTED_PAYMENTS = 10;
/** An admin's grant at a time; a typo of extra zeros is refused rather than granted. */
const MAX_GRANT_CREDITS = 100_000;
/** One word, as a charge id or №12 is; spaces or a whole pasted message are a slip. */
const PAYMENT_REFERENCE = /^\S{1,256}$/;

/**
 * The admin's side of billing: revenue and usage per month, the latest payments with a
 * refund button each, /refund for any payment, and /grant. Admins only; for everyone else
 * this composer is absent, so its commands are unknown to them.
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

  // The procedure and its comment live in refund-payment.ts, shared with /refund.
  panel.callbackQuery(refundPattern, async (ctx) => {
    const outcome = await refundPayment(ctx, billing, ctx.from.id, {
      paymentId: Number(ctx.match[1]),
    });
    await ctx.answerCallbackQuery({
      text: billingTexts.refundOutcome(outcome),
      // What the admin must act on stays on screen until dismissed.
      show_alert: outcome.kind === 'payer_deleted' || outcome.kind === 'refused',
    });
  });

  /**
   * /refund <charge id>: any payment, however old; the list above shows only the latest
   * ten. The charge id is in the list, in the admins' notice of a payment not credited, and
   * in the payer's Telegram; pro's own payment number (№12) is taken too.
   */
  panel.command('refund', async (ctx) => {
    const adminId = ctx.from?.id;
    if (adminId === undefined) return;
    const typed = ctx.match.trim();
    if (!PAYMENT_REFERENCE.test(typed)) {
      await ctx.reply(billingTexts.refundUsage);
      return;
    }
    const outcome = await refundPayment(ctx, billing, adminId, { typed });
    await ctx.reply(
      outcome.kind === 'not_found'
        ? billingTexts.refundNotFound(typed)
        : billingTexts.refundOutcome(outcome),
    );
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
