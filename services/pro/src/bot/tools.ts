import { createLaunchToken, findBotUsername } from '@psycheos/db';
import { Composer, InlineKeyboard } from 'grammy';
import { findOwnCase } from '../data/cases';
import { labels, type ToolBotId, texts, toolTitles } from '../texts';
import { callbackData, toolPattern } from './callback-data';
import { isActiveSpecialist, type ProContext, specialistId } from './context';

/** The case card's tools menu: the four tools, and back to the card. */
export function toolsKeyboard(caseId: string): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const [botId, title] of Object.entries(toolTitles)) {
    keyboard.text(title, callbackData.launchTool(botId, caseId)).row();
  }
  return keyboard.text(labels.backToCard, callbackData.openCase(caseId));
}

/**
 * Launching a tool for a case: a single-use, expiring token bound to (specialist, case,
 * tool) and a deep link to that tool's bot. Скрининг is screening.ts's: its link is for
 * the client, after the specialist chose the questionnaires.
 */
export const tools = new Composer<ProContext>();

tools.filter(isActiveSpecialist).callbackQuery(toolPattern, async (ctx) => {
  const botId = ctx.match[1] as ToolBotId;
  const title = toolTitles[botId];
  const found = await findOwnCase(ctx.db, specialistId(ctx), ctx.match[2] ?? '');
  if (!found) {
    await ctx.answerCallbackQuery({ text: texts.caseNotFound });
    return;
  }
  if (found.status !== 'active') {
    await ctx.answerCallbackQuery({ text: texts.caseIsArchived });
    return;
  }
  const username = await findBotUsername(ctx.db, botId);
  if (!username) {
    await ctx.answerCallbackQuery({ text: texts.toolUnavailable(title), show_alert: true });
    return;
  }
  const token = await createLaunchToken(ctx.db, {
    botId,
    specialistUserId: found.specialist_user_id,
    contextId: found.context_id,
  });
  const link = `https://t.me/${username}?start=${token}`;
  await ctx.answerCallbackQuery();
  await ctx.reply(texts.toolLink(title, found.client_ref), {
    reply_markup: new InlineKeyboard().url(texts.openTool(title), link),
  });
});
