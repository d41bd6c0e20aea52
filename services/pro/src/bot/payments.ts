import type { BillingConfig } from '@psycheos/billing';
import {
  balanceOf,
  checkPreCheckout,
  type ProductCatalogue,
  recordRefund,
  recordSuccessfulPayment,
} from '@psycheos/billing';
import { Composer } from 'grammy';
import { billingTexts } from '../billing-texts';
import type { ProContext } from './context';

/**
 * Telegram's pre-checkout query: confirm or refuse a Stars payment about to be made. It has
 * no chat, so it is answered here, before the chat-based composers; the answer is an
 * immediate call, sent right after this update's short transaction commits.
 */
export function preCheckout(catalogue: ProductCatalogue): Composer<ProContext> {
  const composer = new Composer<ProContext>();
  composer.on('pre_checkout_query', async (ctx) => {
    const verdict = await checkPreCheckout(ctx.db, catalogue, ctx.preCheckoutQuery);
    ctx.log.info(
      { event: 'pre_checkout', ok: verdict.ok, reason: verdict.ok ? undefined : verdict.reason },
      'pre-checkout query answered',
    );
    if (verdict.ok) await ctx.answerPreCheckoutQuery(true);
    else {
      await ctx.answerPreCheckoutQuery(false, {
        error_message: billingTexts.preCheckoutRefusal[verdict.reason],
      });
    }
  });
  return composer;
}

/**
 * Payments and refunds as they arrive, whoever the payer is now (blocked meanwhile, or
 * not a specialist any more): the money moved, so it is recorded. A payment credits once
 * by its charge id; the pipeline answers 5xx on any failure here so Telegram delivers it
 * again (webhook-pipeline.ts). A payment that is not credited (not Stars, not the price
 * its invoice named, or no specialist to credit) needs a person to refund it or grant the
 * credits: the admins are told, once, and the payer is told the truth.
 */
export function paymentMessages(
  billing: BillingConfig,
  adminIds: ReadonlySet<number>,
): Composer<ProContext> {
  const composer = new Composer<ProContext>();
  composer.on('message:successful_payment', async (ctx) => {
    const account = ctx.account?.role === 'specialist' ? ctx.account : null;
    const outcome = await recordSuccessfulPayment(
      ctx.db,
      { specialistUserId: account?.user_id ?? null, telegramId: ctx.from.id },
      ctx.message.successful_payment,
    );
    ctx.log.info({ event: 'payment', outcome: outcome.kind }, 'Stars payment received');
    if (outcome.kind === 'duplicate') return;
    if (outcome.kind === 'not_credited') {
      const { payment, reason } = outcome;
      ctx.log.error(
        { event: 'payment_not_credited', payment_id: payment.payment_id, reason: reason.kind },
        'a Stars payment was not credited; refund it or grant credits',
      );
      // Queued in this update's transaction, so a redelivery (a duplicate) tells no one twice.
      for (const adminId of adminIds) {
        await ctx.api.sendMessage(adminId, billingTexts.adminPaymentNotCredited(payment, reason));
      }
      await ctx.reply(billingTexts.paidNotCredited(adminIds.size > 0));
      return;
    }
    // A credited payment always has a specialist behind it.
    if (!account) return;
    const balance = await balanceOf(ctx.db, account.user_id, billing.trialMilli);
    await ctx.reply(billingTexts.paid(outcome.payment.credits_milli, balance));
  });

  composer.on('message:refunded_payment', async (ctx) => {
    const charge = ctx.message.refunded_payment.telegram_payment_charge_id;
    const outcome = await recordRefund(ctx.db, charge);
    ctx.log.info({ event: 'refund', outcome }, 'Stars refund reported by Telegram');
    if (outcome !== 'reversed' || ctx.account?.role !== 'specialist') return;
    const payment = await ctx.db
      .selectFrom('star_payments')
      .select('credits_milli')
      .where('telegram_payment_charge_id', '=', charge)
      .executeTakeFirstOrThrow();
    const balance = await balanceOf(ctx.db, ctx.account.user_id, billing.trialMilli);
    await ctx.reply(billingTexts.refunded(payment.credits_milli, balance));
  });
  return composer;
}
