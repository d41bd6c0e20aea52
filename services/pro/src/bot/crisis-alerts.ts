import { findOwnCase } from '@psycheos/db';
import { crisisAlertCallback, crisisAlertPattern } from '@psycheos/screening';
import { Composer, InlineKeyboard } from 'grammy';
import { acknowledgeOwnAlert } from '../crisis/crisis-alert-records';
import { crisisTexts } from '../crisis-texts';
import { texts } from '../texts';
import { caseCardView } from './cases';
import { isSpecialist, type ProContext } from './context';

/**
 * The buttons under a crisis alert and on a case card that has unacknowledged alerts.
 * They work for a blocked specialist too: a client's safety does not wait on access.
 * Every press re-checks that the alert's case is the presser's; someone else's alert,
 * an unknown id and a forged one are "not found" alike.
 */
export const crisisAlerts = new Composer<ProContext>();

crisisAlerts.callbackQuery(crisisAlertPattern, async (ctx) => {
  const [, action, argument = ''] = ctx.match;
  const account = isSpecialist(ctx) ? ctx.account : null;
  if (!account) {
    await ctx.answerCallbackQuery(crisisTexts.alertNotFound);
    return;
  }
  if (action === 'case') {
    const shown = await findOwnCase(ctx.db, account.user_id, argument);
    if (!shown) {
      await ctx.answerCallbackQuery(texts.caseNotFound);
      return;
    }
    await ctx.answerCallbackQuery();
    // A new message: the alert stays in the chat as it was.
    const view = await caseCardView(ctx, shown, ctx.chatState?.context_id ?? null);
    await ctx.reply(view.text, { reply_markup: view.keyboard });
    return;
  }
  const alertId = Number(argument);
  const acknowledged = await acknowledgeOwnAlert(ctx.db, alertId, account.user_id);
  if (!acknowledged) {
    await ctx.answerCallbackQuery(crisisTexts.alertNotFound);
    return;
  }
  if (acknowledged.acknowledged_at) {
    await ctx.answerCallbackQuery(crisisTexts.alreadyAcknowledged);
    return;
  }
  await ctx.answerCallbackQuery(crisisTexts.acknowledged(new Date()));
  const contextId = acknowledged.context_id;
  if (action === 'ack') {
    // The alert keeps its way to the case; «✅ Принято» has done its work.
    await ctx.editMessageReplyMarkup({
      reply_markup: new InlineKeyboard().text(
        crisisTexts.acknowledgedButton,
        crisisAlertCallback.openCase(contextId),
      ),
    });
    return;
  }
  const shown = await findOwnCase(ctx.db, account.user_id, contextId);
  if (!shown) return;
  const view = await caseCardView(ctx, shown, ctx.chatState?.context_id ?? null);
  await ctx.editMessageText(view.text, { reply_markup: view.keyboard });
});
