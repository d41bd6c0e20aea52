import { crisisAlertCallback } from '@psycheos/screening';
import { Composer, InlineKeyboard } from 'grammy';
import { changeTexts } from '../change-texts';
import { unacknowledgedAlerts } from '../crisis/crisis-alert-records';
import { crisisTexts } from '../crisis-texts';
import { deleteOwnCase } from '../data/case-deletion';
import {
  type Case,
  createCase,
  findOwnCase,
  listOwnCases,
  renameCase,
  setCaseStatus,
} from '../data/cases';
import { hasResultsToCompare } from '../data/screening-trails';
import { scheduleLabels } from '../schedule-texts';
import { caseScheduleLines } from '../screening/schedule-lines';
import { isMenuLabel, labels, MAX_CASE_NAME_LENGTH, texts } from '../texts';
import { announceCase } from './announce';
import { callbackData, casePattern, casesPattern, PAGE_SIZE, pageNumber } from './callback-data';
import { isActiveSpecialist, MAIN_MENU, type ProContext, proStates, specialistId } from './context';
import { type FreeTextProblem, readFreeText } from './free-text';
import { addCaseButtons, addPagination, cancelKeyboard } from './keyboards';
import { showMainMenu } from './menus';
import { toolsKeyboard } from './tools';

/** The specialist's cases: create, list, card, active case, rename, archive, restore. */
export const cases = new Composer<ProContext>();
const specialist = cases.filter(isActiveSpecialist);

specialist.hears(labels.newCase, async (ctx) => {
  await proStates.enter(ctx, { name: 'waiting_case_name', data: {} });
  await ctx.reply(texts.askCaseName, { reply_markup: cancelKeyboard() });
});

specialist.hears(labels.myCases, async (ctx) => {
  const list = await renderCaseList(ctx, 'active', 0);
  await ctx.reply(list.text, { reply_markup: list.keyboard });
});

specialist.hears(labels.help, (ctx) => ctx.reply(texts.help));

specialist.callbackQuery(casesPattern, async (ctx) => {
  const status = ctx.match[1] === 'archived' ? 'archived' : 'active';
  const list = await renderCaseList(ctx, status, pageNumber(ctx.match[2]));
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(list.text, { reply_markup: list.keyboard });
});

specialist.callbackQuery(casePattern, async (ctx) => {
  const [, action, caseId = ''] = ctx.match;
  const found = await findOwnCase(ctx.db, specialistId(ctx), caseId);
  if (!found) {
    // Unknown, malformed or someone else's: the same answer, and nothing changes.
    await ctx.answerCallbackQuery({ text: texts.caseNotFound });
    return;
  }
  const activeCaseId = ctx.chatState?.context_id ?? null;
  const archived = found.status === 'archived';
  // Only an archived case can be deleted: archiving first is the pause before the irreversible.
  const refuseActiveDelete = async () => {
    await ctx.answerCallbackQuery({ text: texts.archiveBeforeDelete });
    await showCard(ctx, found, activeCaseId);
  };
  const refuseArchived = async () => {
    await ctx.answerCallbackQuery({ text: texts.caseIsArchived });
    await showCard(ctx, found, activeCaseId);
  };

  switch (action) {
    case 'open':
      await ctx.answerCallbackQuery();
      await showCard(ctx, found, activeCaseId);
      return;
    case 'activate':
      if (archived) return refuseArchived();
      await proStates.keep(ctx, { contextId: found.context_id }, MAIN_MENU);
      await ctx.answerCallbackQuery({ text: texts.caseActivated(found.client_ref) });
      await showCard(ctx, found, found.context_id);
      return;
    case 'rename':
      if (archived) return refuseArchived();
      await proStates.enter(ctx, {
        name: 'waiting_case_rename',
        data: { contextId: found.context_id },
      });
      await ctx.answerCallbackQuery();
      await ctx.reply(texts.askNewCaseName(found.client_ref), { reply_markup: cancelKeyboard() });
      return;
    case 'archive':
      if (archived) return refuseArchived();
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(texts.confirmArchive(found.client_ref), {
        reply_markup: new InlineKeyboard()
          .text(labels.confirmArchive, callbackData.confirmArchive(found.context_id))
          .row()
          .text(labels.cancel, callbackData.openCase(found.context_id)),
      });
      return;
    case 'archive_yes': {
      const changed = await setCaseStatus(ctx.db, found.context_id, 'archived');
      if (changed) await announceCase(ctx, 'psycheos.case.archived', found);
      await ctx.answerCallbackQuery({ text: changed ? undefined : texts.caseIsArchived });
      await ctx.editMessageText(texts.caseArchived(found.client_ref), {
        reply_markup: new InlineKeyboard()
          .text(labels.restore, callbackData.restoreCase(found.context_id))
          .row()
          .text(labels.backToCases, callbackData.casesPage(0)),
      });
      return;
    }
    case 'tools':
      if (archived) return refuseArchived();
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(texts.toolsFor(found.client_ref), {
        reply_markup: toolsKeyboard(found.context_id),
      });
      return;
    case 'delete':
      if (!archived) return refuseActiveDelete();
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(texts.confirmDeleteCase(found.client_ref), {
        reply_markup: new InlineKeyboard()
          .text(labels.confirmDeleteCase, callbackData.confirmDeleteCase(found.context_id))
          .row()
          .text(labels.cancel, callbackData.openCase(found.context_id)),
      });
      return;
    case 'delete_yes': {
      if (!archived) return refuseActiveDelete();
      await deleteOwnCase(ctx.db, specialistId(ctx), found.context_id);
      if (activeCaseId === found.context_id)
        await proStates.keep(ctx, { contextId: null }, MAIN_MENU);
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(texts.caseDeleted(found.client_ref), {
        reply_markup: new InlineKeyboard().text(labels.backToArchive, callbackData.archivedPage(0)),
      });
      return;
    }
    case 'restore': {
      if (await setCaseStatus(ctx.db, found.context_id, 'active')) {
        await announceCase(ctx, 'psycheos.case.restored', found);
      }
      await ctx.answerCallbackQuery({ text: texts.caseRestored(found.client_ref) });
      await showCard(ctx, { ...found, status: 'active' }, activeCaseId);
      return;
    }
    default:
      await ctx.answerCallbackQuery({ text: texts.staleButton });
  }
});

/** The text after "➕ Новый кейс" or "✏️ Переименовать". Menu labels pass through as actions. */
specialist.on('message', async (ctx, next) => {
  const state = proStates.read(ctx);
  if (state?.name !== 'waiting_case_name' && state?.name !== 'waiting_case_rename') return next();
  const text = ctx.message.text;
  if (text === undefined) {
    await ctx.reply(texts.nameNotText, { reply_markup: cancelKeyboard() });
    return;
  }
  if (isMenuLabel(text)) return next();
  const name = readFreeText(text, MAX_CASE_NAME_LENGTH);
  if (!name.ok) {
    await ctx.reply(nameProblem(name), { reply_markup: cancelKeyboard() });
    return;
  }
  if (state.name === 'waiting_case_name') {
    const created = await createCase(ctx.db, specialistId(ctx), name.value);
    await announceCase(ctx, 'psycheos.case.created', created);
    await ctx.reply(texts.caseCreated(created.client_ref), {
      reply_markup: new InlineKeyboard().text(
        labels.openCase,
        callbackData.openCase(created.context_id),
      ),
    });
    await showMainMenu(ctx);
    return;
  }
  const target = await findOwnCase(ctx.db, specialistId(ctx), state.data.contextId);
  if (!target || target.status === 'archived') {
    await showMainMenu(ctx, target ? texts.caseIsArchived : texts.caseNotFound);
    return;
  }
  await renameCase(ctx.db, target.context_id, name.value);
  await announceCase(ctx, 'psycheos.case.renamed', target);
  await showMainMenu(ctx, texts.caseRenamed(name.value));
});

function nameProblem(problem: FreeTextProblem): string {
  switch (problem.kind) {
    case 'empty':
      return texts.nameEmpty;
    case 'too_long':
      return texts.nameTooLong(problem.length);
    case 'command':
      return texts.nameIsCommand;
  }
}

async function renderCaseList(ctx: ProContext, status: Case['status'], page: number) {
  const { items, hasMore } = await listOwnCases(ctx.db, specialistId(ctx), status, page, PAGE_SIZE);
  const keyboard = addCaseButtons(new InlineKeyboard(), items, ctx.chatState?.context_id);
  const archive = status === 'archived';
  addPagination(
    keyboard,
    page,
    hasMore,
    archive ? callbackData.archivedPage : callbackData.casesPage,
  );
  if (archive) keyboard.text(labels.backToCases, callbackData.casesPage(0));
  else {
    // Offered once there is a change to sort by (case-list-by-change.ts).
    if (await hasResultsToCompare(ctx.db, specialistId(ctx))) {
      keyboard.text(changeTexts.worseFirst, callbackData.worseFirstPage(0)).row();
    }
    keyboard.text(labels.archive, callbackData.archivedPage(0));
  }

  const empty = items.length === 0;
  const text = archive
    ? empty
      ? texts.noArchivedCases
      : texts.archivedList(page)
    : empty
      ? texts.noCases
      : texts.caseList(page);
  return { text, keyboard };
}

async function showCard(ctx: ProContext, shown: Case, activeCaseId: string | null) {
  const view = await caseCardView(ctx, shown, activeCaseId);
  await ctx.editMessageText(view.text, { reply_markup: view.keyboard });
}

/**
 * The case card: its crisis alerts not yet acknowledged first (each with «✅ Принято»),
 * then the case, its screening schedule where it stands, and what can be done with it.
 */
export async function caseCardView(ctx: ProContext, shown: Case, activeCaseId: string | null) {
  const archived = shown.status === 'archived';
  const isActive = shown.context_id === activeCaseId;
  const alerts = await unacknowledgedAlerts(ctx.db, shown.context_id);
  const keyboard = new InlineKeyboard();
  for (const alert of alerts) {
    keyboard
      .text(
        crisisTexts.acknowledgeButton(alert.alert_id),
        crisisAlertCallback.acknowledgeOnCard(alert.alert_id),
      )
      .row();
  }
  if (archived) {
    keyboard
      .text(labels.restore, callbackData.restoreCase(shown.context_id))
      .row()
      .text(labels.history, callbackData.caseHistory(shown.context_id))
      .text(labels.screeningHistory, callbackData.screeningHistory(shown.context_id))
      .row()
      .text(labels.deleteCase, callbackData.deleteCase(shown.context_id))
      .row()
      .text(labels.backToArchive, callbackData.archivedPage(0));
  } else {
    if (!isActive)
      keyboard.text(labels.makeActive, callbackData.activateCase(shown.context_id)).row();
    keyboard
      .text(labels.tools, callbackData.caseTools(shown.context_id))
      .row()
      .text(scheduleLabels.schedule, callbackData.caseSchedule(shown.context_id))
      .row()
      .text(labels.history, callbackData.caseHistory(shown.context_id))
      .text(labels.screeningHistory, callbackData.screeningHistory(shown.context_id))
      .row()
      .text(labels.rename, callbackData.renameCase(shown.context_id))
      .text(labels.toArchive, callbackData.archiveCase(shown.context_id))
      .row()
      .text(labels.backToCases, callbackData.casesPage(0));
  }
  const schedules = await caseScheduleLines(ctx.db, ctx.catalogue, shown.context_id);
  const card = [
    texts.caseCard(shown.client_ref, archived, shown.created_at, isActive),
    ...schedules,
  ].join('\n');
  return {
    text: alerts.length > 0 ? `${crisisTexts.unacknowledged(alerts)}\n${card}` : card,
    keyboard,
  };
}
