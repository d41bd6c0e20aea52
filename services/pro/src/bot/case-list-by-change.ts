import type { InstrumentCatalogue } from '@psycheos/screening';
import { Composer, InlineKeyboard } from 'grammy';
import { changeTexts } from '../change-texts';
import { casesWorseFirst } from '../screening/worse-first';
import { labels } from '../texts';
import { callbackData, PAGE_SIZE, pageNumber, worseFirstPattern } from './callback-data';
import { isActiveSpecialist, type ProContext, specialistId } from './context';
import { addCaseButtons, addPagination } from './keyboards';

/**
 * «⬇️ Сначала ухудшения» under the case list: the active cases where a client's latest
 * screening result is a reliable deterioration, against their baseline or their previous
 * result, first and marked ⬇️, so a specialist with many clients sees first who got worse. The
 * list holds only the presser's own cases; «🕒 Сначала новые» returns to the usual order.
 */
export function caseListByChange(catalogue: InstrumentCatalogue): Composer<ProContext> {
  const composer = new Composer<ProContext>();

  composer.filter(isActiveSpecialist).callbackQuery(worseFirstPattern, async (ctx) => {
    const page = pageNumber(ctx.match[1]);
    const all = await casesWorseFirst(ctx.db, catalogue, specialistId(ctx));
    const worse = all.filter((entry) => entry.isReliablyWorse).length;
    const shown = all.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((entry) => ({
      ...entry.theCase,
      marker: entry.isReliablyWorse ? changeTexts.worseMarker : '',
    }));
    const keyboard = addCaseButtons(new InlineKeyboard(), shown, ctx.chatState?.context_id);
    addPagination(keyboard, page, all.length > (page + 1) * PAGE_SIZE, callbackData.worseFirstPage);
    keyboard
      .text(changeTexts.newestFirst, callbackData.casesPage(0))
      .row()
      .text(labels.archive, callbackData.archivedPage(0));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(changeTexts.worseFirstList(page, worse), { reply_markup: keyboard });
  });

  return composer;
}
