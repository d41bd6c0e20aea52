import { listPracticeResults, reviewLabel } from '@psycheos/ai/results';
import { createLaunchToken, findBotUsername } from '@psycheos/db';
import { Composer, InlineKeyboard } from 'grammy';
import { trainerLabels, trainerTexts } from '../trainer-texts';
import { callbackData, PAGE_SIZE } from './callback-data';
import { isActiveSpecialist, type ProContext, specialistId } from './context';

/**
 * «🎓 Тренажёр» in the main menu: the Симулятор, opened for the specialist alone. Practice
 * with a fictional client is no client's case, so its link names no case, and its results
 * are listed here, never in a case's «🗂 История» (each opens in full through the history's
 * own button, which checks the presser owns it).
 */
export const trainer = new Composer<ProContext>();

trainer.filter(isActiveSpecialist).hears(trainerLabels.trainer, async (ctx) => {
  const keyboard = new InlineKeyboard();
  const username = await findBotUsername(ctx.db, 'simulator');
  if (username) {
    const token = await createLaunchToken(ctx.db, {
      botId: 'simulator',
      specialistUserId: specialistId(ctx),
    });
    keyboard.url(trainerLabels.openSimulator, `https://t.me/${username}?start=${token}`).row();
  }
  const results = await listPracticeResults(ctx.db, specialistId(ctx), PAGE_SIZE);
  for (const result of results) {
    keyboard
      .text(
        trainerTexts.resultEntry(result.title, result.created_at, reviewLabel(result)),
        callbackData.openResult(result.result_id),
      )
      .row();
  }
  await ctx.reply(
    [
      trainerTexts.intro,
      username ? trainerTexts.link : trainerTexts.unavailable,
      results.length > 0 ? trainerTexts.results : trainerTexts.noResults,
    ].join('\n\n'),
    { reply_markup: keyboard },
  );
});
