import { Composer } from 'grammy';
import { claimInvite, type InviteClaim, recordInviteUser } from '../data/invites';
import { registerSpecialist } from '../data/users';
import { texts } from '../texts';
import { isActiveSpecialist, type ProContext } from './context';
import { showMainMenu } from './menus';

/** /start, with or without an invite token from the deep link. */
export const registration = new Composer<ProContext>();

registration.command('start', async (ctx) => {
  const token = ctx.match.trim();
  if (isActiveSpecialist(ctx)) {
    // A registered specialist opening another invite link does not spend it.
    await showMainMenu(ctx, token ? texts.alreadyRegistered : undefined);
    return;
  }
  if (!token) {
    const removeKeyboard = { reply_markup: { remove_keyboard: true } } as const;
    if (ctx.isAdmin) {
      await ctx.reply(`${texts.invitationOnly}\n\n${texts.adminHint}`, removeKeyboard);
    } else {
      await ctx.answerStranger(texts.invitationOnly, removeKeyboard);
    }
    return;
  }

  const claim = await claimInvite(ctx.db, token);
  if (!claim.ok) {
    // Anyone can send /start with any text: a stranger hears the refusal once per period.
    if (ctx.isAdmin) await ctx.reply(refusal(claim.reason));
    else await ctx.answerStranger(refusal(claim.reason));
    return;
  }
  const from = ctx.from;
  if (!from) return;
  const fullName = [from.first_name, from.last_name].filter(Boolean).join(' ');
  ctx.account = await registerSpecialist(ctx.db, {
    telegramId: from.id,
    username: from.username ?? null,
    fullName: fullName || null,
  });
  await recordInviteUser(ctx.db, token, ctx.account.user_id);
  await showMainMenu(ctx, texts.welcome(fullName || 'коллега'));
});

function refusal(reason: Extract<InviteClaim, { ok: false }>['reason']): string {
  switch (reason) {
    case 'unknown':
      return texts.inviteUnknown;
    case 'expired':
      return texts.inviteExpired;
    case 'used':
      return texts.inviteUsedUp;
    case 'revoked':
      return texts.inviteRevoked;
    case 'active':
      // claimInvite only reports "active" if the invite changed under it; treat as used.
      return texts.inviteUsedUp;
  }
}
