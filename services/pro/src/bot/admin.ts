import { isUuid } from '@psycheos/platform';
import { Composer, InlineKeyboard } from 'grammy';
import { DELETED_AUDIT_TARGET, latestAdminActions, recordAdminAction } from '../data/admin-audit';
import { createInvite, inviteStatus, listInvites, revokeInvite } from '../data/invites';
import { loadStats } from '../data/stats';
import { findSpecialist, listSpecialists, setSpecialistStatus } from '../data/users';
import { isMenuLabel, labels, MAX_INVITE_NOTE_LENGTH, texts } from '../texts';
import {
  callbackData,
  invitesPattern,
  PAGE_SIZE,
  pageNumber,
  specialistsPattern,
} from './callback-data';
import { currentState, isActiveSpecialist, MAIN_MENU, type ProContext, proStates } from './context';
import { readFreeText } from './free-text';
import { addPagination, buttonCaption, cancelKeyboard } from './keyboards';
import { showAdminPanel, showMainMenu } from './menus';

/**
 * The admin panel, for the people in ADMIN_IDS only. For everyone else this
 * composer does not exist: /admin falls through to the unknown-command answer,
 * and a forged admin button to the stale-button answer.
 */
export const admin = new Composer<ProContext>();
const panel = admin.filter((ctx) => ctx.isAdmin);

panel.command('admin', (ctx) => showAdminPanel(ctx));

panel.hears(labels.createInvite, async (ctx) => {
  await proStates.enter(ctx, { name: 'waiting_invite_note', data: {} });
  await ctx.reply(texts.askInviteNote, { reply_markup: cancelKeyboard() });
});

panel.hears(labels.invites, async (ctx) => {
  const list = await renderInvites(ctx, 0);
  await ctx.reply(list.text, { reply_markup: list.keyboard });
});

panel.hears(labels.specialists, async (ctx) => {
  const list = await renderSpecialists(ctx, 0);
  await ctx.reply(list.text, { reply_markup: list.keyboard });
});

panel.hears(labels.stats, async (ctx) => {
  await ctx.reply(texts.stats(await loadStats(ctx.db)));
});

panel.hears(labels.auditLog, async (ctx) => {
  const entries = await latestAdminActions(ctx.db, AUDIT_LINES);
  await ctx.reply(
    entries.length === 0
      ? texts.noAuditEntries
      : texts.auditLog(
          entries.map((entry) =>
            texts.auditLine(
              entry.created_at,
              entry.admin_telegram_id,
              entry.action,
              shortTarget(entry.target),
            ),
          ),
        ),
  );
});

panel.hears(labels.leaveAdmin, async (ctx) => {
  if (isActiveSpecialist(ctx)) {
    await showMainMenu(ctx, texts.leftAdmin);
    return;
  }
  await proStates.enter(ctx, MAIN_MENU);
  await ctx.reply(`${texts.leftAdmin} ${texts.adminHint}`, {
    reply_markup: { remove_keyboard: true },
  });
});

panel.callbackQuery(invitesPattern, async (ctx) => {
  const [, action, argument = ''] = ctx.match;
  let page = 0;
  if (action === 'revoke') {
    const revoked = await revokeInvite(ctx.db, argument);
    if (revoked) await recordAdminAction(ctx.db, ctx.from.id, 'invite_revoked', argument);
    await ctx.answerCallbackQuery({
      text: revoked ? texts.inviteRevokedDone : texts.inviteNoLongerActive,
    });
  } else {
    page = pageNumber(argument);
    await ctx.answerCallbackQuery();
  }
  const list = await renderInvites(ctx, page);
  await ctx.editMessageText(list.text, { reply_markup: list.keyboard });
});

panel.callbackQuery(specialistsPattern, async (ctx) => {
  const [, action, argument = ''] = ctx.match;
  if (action === 'page') {
    await ctx.answerCallbackQuery();
    const list = await renderSpecialists(ctx, pageNumber(argument));
    await ctx.editMessageText(list.text, { reply_markup: list.keyboard });
    return;
  }
  const userId = isUuid(argument) ? argument : null;
  if (userId && action !== 'open') {
    const changed = await setSpecialistStatus(
      ctx.db,
      userId,
      action === 'block' ? 'blocked' : 'active',
    );
    if (changed) {
      await recordAdminAction(
        ctx.db,
        ctx.from.id,
        action === 'block' ? 'specialist_blocked' : 'specialist_unblocked',
        userId,
      );
      ctx.log.info(
        { event: 'specialist_status_changed', status: action },
        'admin changed a specialist status',
      );
    }
  }
  const person = userId ? await findSpecialist(ctx.db, userId) : undefined;
  if (!person) {
    await ctx.answerCallbackQuery({ text: texts.specialistNotFound });
    return;
  }
  await ctx.answerCallbackQuery({
    text:
      action === 'block'
        ? texts.specialistBlocked
        : action === 'unblock'
          ? texts.specialistUnblocked
          : undefined,
  });
  const blocked = person.status === 'blocked';
  await ctx.editMessageText(texts.specialistCard(person), {
    reply_markup: new InlineKeyboard()
      .text(
        blocked ? labels.unblock : labels.block,
        blocked
          ? callbackData.unblockSpecialist(person.user_id)
          : callbackData.blockSpecialist(person.user_id),
      )
      .row()
      .text(labels.backToSpecialists, callbackData.specialistsPage(0)),
  });
});

/** The note after "🔗 Создать приглашение"; then the invite and its deep link. */
panel.on('message', async (ctx, next) => {
  if (currentState(ctx) !== 'waiting_invite_note') return next();
  const text = ctx.message.text;
  if (text === undefined) {
    await ctx.reply(texts.noteNotText, { reply_markup: cancelKeyboard() });
    return;
  }
  if (isMenuLabel(text)) return next();
  const note = readFreeText(text, MAX_INVITE_NOTE_LENGTH);
  if (!note.ok) {
    const problem =
      note.kind === 'too_long'
        ? texts.noteTooLong(note.length)
        : note.kind === 'empty'
          ? texts.noteEmpty
          : texts.nameIsCommand;
    await ctx.reply(problem, { reply_markup: cancelKeyboard() });
    return;
  }
  const invite = await createInvite(ctx.db, ctx.from.id, note.value);
  await recordAdminAction(ctx.db, ctx.from.id, 'invite_created', invite.token);
  const link = `https://t.me/${ctx.me.username}?start=${invite.token}`;
  await ctx.reply(texts.inviteCreated(link), { link_preview_options: { is_disabled: true } });
  await showAdminPanel(ctx);
});

async function renderInvites(ctx: ProContext, page: number) {
  const { items, hasMore, now } = await listInvites(ctx.db, page, PAGE_SIZE);
  const keyboard = new InlineKeyboard();
  const lines = items.map((invite) => {
    const status = inviteStatus(invite, now);
    if (status === 'active') {
      keyboard
        .text(
          `${labels.revoke} ${invite.token.slice(0, 8)}…`,
          callbackData.revokeInvite(invite.token),
        )
        .row();
    }
    return texts.inviteLine(invite.token, status, invite.note, invite.expires_at);
  });
  addPagination(keyboard, page, hasMore, callbackData.invitesPage);
  const text = items.length === 0 ? texts.noInvites : texts.inviteList(lines, page);
  return { text, keyboard };
}

async function renderSpecialists(ctx: ProContext, page: number) {
  const { items, hasMore } = await listSpecialists(ctx.db, page, PAGE_SIZE);
  const keyboard = new InlineKeyboard();
  for (const person of items) {
    const name =
      person.full_name ?? (person.username ? `@${person.username}` : String(person.telegram_id));
    const marker = person.status === 'blocked' ? '🚫 ' : '';
    keyboard
      .text(buttonCaption(`${marker}${name}`), callbackData.openSpecialist(person.user_id))
      .row();
  }
  addPagination(keyboard, page, hasMore, callbackData.specialistsPage);
  const text = items.length === 0 ? texts.noSpecialists : texts.specialistList(page);
  return { text, keyboard };
}

/** The log shows the latest entries; tokens and ids are shortened as in the lists. */
const AUDIT_LINES = 20;
const shortTarget = (target: string) =>
  target === DELETED_AUDIT_TARGET ? texts.deletedAccount : `${target.slice(0, 8)}…`;
