import type { SpecialistTerms } from '@psycheos/bot-runtime';
import { Composer } from 'grammy';
import { checkInvite, claimInvite, type InviteClaim, recordInviteUser } from '../data/invites';
import { acceptTerms } from '../data/terms';
import { registerSpecialist } from '../data/users';
import { texts } from '../texts';
import { isActiveSpecialist, type ProContext } from './context';
import { showMainMenu } from './menus';
import { offerTerms } from './terms-offer';

/**
 * /start, with or without an invite token from the deep link. A usable invite shows the
 * terms; nothing is stored and the invite is not spent until they are accepted
 * (registerFromInvite, called from terms.ts).
 */
export function registration(terms: SpecialistTerms): Composer<ProContext> {
  const composer = new Composer<ProContext>();

  composer.command('start', async (ctx) => {
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

    const standing = await checkInvite(ctx.db, token);
    if (!standing.ok) {
      // Anyone can send /start with any text: a stranger hears the refusal once per period.
      if (ctx.isAdmin) await ctx.reply(refusal(standing.reason));
      else await ctx.answerStranger(refusal(standing.reason));
      return;
    }
    // Someone with a valid invitation is expected: their terms go ahead of strangers' replies.
    ctx.answerAsKnown();
    await offerTerms(ctx, terms, 'newcomer', token);
  });

  return composer;
}

/**
 * A newcomer accepted the terms: the invite is spent now (of several people pressing at
 * once on one invite, one gets it) and the account is made with its acceptance.
 */
export async function registerFromInvite(
  ctx: ProContext,
  token: string,
  terms: SpecialistTerms,
): Promise<void> {
  const claim = await claimInvite(ctx.db, token);
  if (!claim.ok) {
    await ctx.answerCallbackQuery({ text: refusal(claim.reason), show_alert: true });
    await ctx.editMessageReplyMarkup();
    return;
  }
  const from = ctx.from;
  if (!from) return;
  const fullName = [from.first_name, from.last_name].filter(Boolean).join(' ');
  const registered = await registerSpecialist(ctx.db, {
    telegramId: from.id,
    username: from.username ?? null,
    fullName: fullName || null,
  });
  ctx.account = await acceptTerms(ctx.db, registered.user_id, terms);
  await recordInviteUser(ctx.db, token, registered.user_id);
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup();
  await showMainMenu(ctx, texts.welcome(fullName || 'коллега'));
}

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
