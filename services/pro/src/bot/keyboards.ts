import { InlineKeyboard, Keyboard } from 'grammy';
import { billingLabels } from '../billing-texts';
import { labels } from '../texts';
import { trainerLabels } from '../trainer-texts';
import { callbackData } from './callback-data';

/**
 * The main menu: cases, the trainer, the balance, help; with WEBAPP_URL set, «📊 Панель»
 * too. That one is a plain text button: Telegram opens a Mini App from a reply keyboard
 * without initData, so the dashboard could not tell who is asking. Pressed, it answers
 * with an inline Mini App button (dashboard.ts).
 */
export function mainMenuKeyboard(hasDashboard = false): Keyboard {
  const keyboard = new Keyboard()
    .text(labels.newCase)
    .text(labels.myCases)
    .row()
    .text(trainerLabels.trainer)
    .row()
    .text(billingLabels.balance)
    .text(labels.help);
  if (hasDashboard) keyboard.row().text(labels.dashboard);
  return keyboard.resized();
}

export const adminPanelKeyboard = () =>
  new Keyboard()
    .text(labels.createInvite)
    .row()
    .text(labels.invites)
    .text(labels.specialists)
    .row()
    .text(labels.stats)
    .text(labels.auditLog)
    .row()
    .text(billingLabels.payments)
    .row()
    .text(labels.leaveAdmin)
    .resized();

export const cancelKeyboard = () => new InlineKeyboard().text(labels.cancel, callbackData.cancel);

/** ◀️ ▶️ under a paginated list, only where there is somewhere to go. */
export function addPagination(
  keyboard: InlineKeyboard,
  page: number,
  hasMore: boolean,
  pageData: (page: number) => string,
): InlineKeyboard {
  if (page > 0) keyboard.text(labels.previous, pageData(page - 1));
  if (hasMore) keyboard.text(labels.next, pageData(page + 1));
  if (page > 0 || hasMore) keyboard.row();
  return keyboard;
}

/** Button captions are short; a long name is cut with an ellipsis. */
export function buttonCaption(text: string, max = 40): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}

/** One button per case, opening its card; 📌 marks the chat's active case. */
export function addCaseButtons(
  keyboard: InlineKeyboard,
  items: ReadonlyArray<{ context_id: string; client_ref: string; marker?: string }>,
  activeCaseId: string | null | undefined,
): InlineKeyboard {
  for (const item of items) {
    const pinned = item.context_id === activeCaseId ? '📌 ' : '';
    keyboard
      .text(
        buttonCaption(`${pinned}${item.marker ?? ''}${item.client_ref}`),
        callbackData.openCase(item.context_id),
      )
      .row();
  }
  return keyboard;
}
