import { renewingSubscription } from '@psycheos/billing';
import type { User } from '@psycheos/db';
import { GrammyError, HttpError } from 'grammy';
import type { ProContext } from './context';

/** What became of the specialist's Stars subscription as they deleted their account. */
export type SubscriptionCancellation = 'none' | 'cancelled' | 'not_confirmed';

/**
 * Stops Telegram renewing the specialist's Stars subscription, before /delete_me erases
 * the account: otherwise Telegram keeps charging a person who is gone, and every renewal
 * brings their Telegram id back into star_payments.
 *
 * If Telegram refuses or cannot be reached, the deletion still goes ahead (a person's
 * data rights do not wait on Telegram) and they are told the truth: the bot could not
 * cancel it, so they cancel it in Telegram's settings. A renewal that still arrives is
 * recorded without credit and the admins are told (payments.ts), so it can be refunded.
 * Any other error is a bug: it fails the update and Telegram delivers the press again.
 */
export async function cancelStarSubscription(
  ctx: ProContext,
  account: User,
): Promise<SubscriptionCancellation> {
  const subscription = await renewingSubscription(ctx.db, account.user_id);
  if (!subscription) return 'none';
  try {
    await ctx.api.editUserStarSubscription(
      account.telegram_id,
      subscription.telegramPaymentChargeId,
      true,
    );
    return 'cancelled';
  } catch (error) {
    if (!(error instanceof GrammyError || error instanceof HttpError)) throw error;
    const description = error instanceof GrammyError ? error.description : 'network error';
    ctx.log.warn(
      { event: 'subscription_not_cancelled', payment_id: subscription.paymentId, description },
      'Telegram did not cancel a Stars subscription of a specialist deleting their account',
    );
    return 'not_confirmed';
  }
}
