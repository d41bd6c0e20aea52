import { Composer, InlineKeyboard } from 'grammy';
import { billingTexts } from '../billing-texts';
import { deleteSpecialistAccount } from '../data/account-deletion';
import { countOwnCases } from '../data/cases';
import { labels, texts } from '../texts';
import { callbackData, deleteMePattern } from './callback-data';
import { isSpecialist, type ProContext, specialistAccount, specialistId } from './context';
import { showMainMenu } from './menus';
import { cancelStarSubscription } from './subscription-cancellation';

/**
 * /delete_me: a specialist erases their own account and data, after a confirmation.
 * Before the other composers, so the command works in the middle of any step, and
 * before the blocked answer: data rights do not depend on access, so a blocked
 * specialist may delete their account too. Someone already deleted never gets here
 * (requireInvitation answers them), so a confirmation pressed twice, or after the
 * account is gone, deletes nothing more.
 */
export const account = new Composer<ProContext>();
const specialist = account.filter(isSpecialist);

specialist.command('delete_me', async (ctx) => {
  const cases = await countOwnCases(ctx.db, specialistId(ctx));
  await ctx.reply(texts.confirmDeleteMe(cases), {
    reply_markup: new InlineKeyboard()
      .text(labels.confirmDeleteMe, callbackData.confirmDeleteMe)
      .row()
      .text(labels.cancel, callbackData.cancelDeleteMe),
  });
});

specialist.callbackQuery(deleteMePattern, async (ctx) => {
  await ctx.answerCallbackQuery();
  // The question is answered either way: its buttons go.
  await ctx.editMessageReplyMarkup();
  if (ctx.match[1] !== 'yes') {
    // A blocked specialist has no menu to go back to.
    if (specialistAccount(ctx).status === 'blocked') await ctx.reply(texts.deleteMeCancelled);
    else await showMainMenu(ctx, texts.deleteMeCancelled);
    return;
  }
  // Before the deletion, which erases what names the subscription to Telegram.
  const subscription = await cancelStarSubscription(ctx, specialistAccount(ctx));
  const counts = await deleteSpecialistAccount(ctx.db, specialistAccount(ctx));
  ctx.account = null;
  ctx.log.info(
    {
      event: 'account_deleted',
      cases_deleted: counts.casesDeleted,
      clients_deleted: counts.clientsDeleted,
      subscription,
    },
    'a specialist deleted their account',
  );
  const confirmation =
    subscription === 'none'
      ? texts.accountDeleted
      : `${texts.accountDeleted}\n\n${billingTexts.subscriptionOnDeletion[subscription]}`;
  await ctx.reply(confirmation, { reply_markup: { remove_keyboard: true } });
});
