import { renderTelegramMessages } from '@psycheos/ai/format';
import { findOwnResult, listCaseResults, reviewLabel } from '@psycheos/ai/results';
import { Composer, InlineKeyboard } from 'grammy';
import { findOwnCase } from '../data/cases';
import { labels, texts } from '../texts';
import { callbackData, historyPattern, PAGE_SIZE, pageNumber } from './callback-data';
import { isActiveSpecialist, type ProContext, specialistId } from './context';
import { addPagination } from './keyboards';

/**
 * «🗂 История» on a case card: what the AI tools produced for the case, newest first,
 * each readable in full in the chat, with whether the specialist checked it. Every
 * button re-checks that the case or result is the presser's own, and answers "not found"
 * alike for unknown, malformed and someone else's ids.
 */
export const history = new Composer<ProContext>();
const specialist = history.filter(isActiveSpecialist);

specialist.callbackQuery(historyPattern, async (ctx) => {
  const [, action, argument = '', page] = ctx.match;
  if (action === 'list') {
    const found = await findOwnCase(ctx.db, specialistId(ctx), argument);
    if (!found) {
      await ctx.answerCallbackQuery({ text: texts.caseNotFound });
      return;
    }
    const results = await listCaseResults(ctx.db, found.context_id, specialistId(ctx));
    const pageNo = pageNumber(page);
    const shown = results.slice(pageNo * PAGE_SIZE, (pageNo + 1) * PAGE_SIZE);
    const keyboard = new InlineKeyboard();
    for (const result of shown) {
      keyboard
        .text(
          texts.historyEntry(result.kind, result.version, result.created_at, reviewLabel(result)),
          callbackData.openResult(result.result_id),
        )
        .row();
    }
    addPagination(keyboard, pageNo, results.length > (pageNo + 1) * PAGE_SIZE, (p) =>
      callbackData.caseHistory(found.context_id, p),
    );
    keyboard.row().text(labels.backToCase, callbackData.openCase(found.context_id));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(
      results.length === 0
        ? texts.historyEmpty(found.client_ref)
        : texts.historyOf(found.client_ref),
      { reply_markup: keyboard },
    );
    return;
  }
  const result = await findOwnResult(ctx.db, argument, specialistId(ctx));
  if (!result) {
    await ctx.answerCallbackQuery({ text: texts.resultNotFound });
    return;
  }
  await ctx.answerCallbackQuery();
  const header = texts.resultHeader(
    result.kind,
    result.version,
    result.created_at,
    reviewLabel(result),
    result.prompt_version,
  );
  const correction = result.correction
    ? `\n\n---\n\n**Поправка специалиста:** ${result.correction}`
    : '';
  for (const part of renderTelegramMessages(`${header}\n\n${result.body}${correction}`)) {
    await ctx.reply(part, { parse_mode: 'HTML' });
  }
});
