import type { SpecialistTerms } from '@psycheos/bot-runtime';
import { Composer } from 'grammy';
import { acceptTerms } from '../data/terms';
import { texts } from '../texts';
import { termsPattern } from './callback-data';
import { isActiveSpecialist, isSpecialist, type ProContext } from './context';
import { showMainMenu } from './menus';
import { registerFromInvite } from './registration';
import { audienceOf, offerTerms } from './terms-offer';

/** Telegram requires a bot that sells to answer these, whoever asks. */
const ALWAYS_ANSWERED = ['terms', 'paysupport'];

/**
 * The specialist's terms (material goes to Anthropic in the USA, clients consent and stay
 * unidentifiable, results are hypotheses). A newcomer reads them when opening an invite
 * (registration.ts) and gets an account only by accepting. A specialist whose accepted
 * version is not the current one (edited terms, or registered before there were any) gets
 * the terms instead of an answer to anything, until they accept; declining keeps their
 * account and data as they are, since /delete_me is there for deleting them.
 * Ahead of this in the bot is what never waits on terms: payments, /delete_me, crisis
 * alerts and the blocked answer.
 */
export function specialistTermsGate(terms: SpecialistTerms): Composer<ProContext> {
  const composer = new Composer<ProContext>();

  composer.callbackQuery(termsPattern, async (ctx) => {
    const [, answer, version, inviteToken] = ctx.match;
    const hasAccepted = isActiveSpecialist(ctx) && ctx.account?.terms_version === terms.version;
    if (hasAccepted) {
      await ctx.answerCallbackQuery(texts.staleButton);
      await ctx.editMessageReplyMarkup();
      return;
    }
    if (version !== terms.version) {
      // Changed while they read: they answer the text they see, so they see the new one.
      await ctx.answerCallbackQuery(texts.termsOutdated);
      await ctx.editMessageReplyMarkup();
      const audience = ctx.account && isSpecialist(ctx) ? audienceOf(ctx.account) : 'newcomer';
      await offerTerms(ctx, terms, audience, inviteToken);
      return;
    }
    if (answer === 'no') {
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup();
      await ctx.reply(
        isActiveSpecialist(ctx) ? texts.termsDeclinedBySpecialist : texts.termsDeclinedByNewcomer,
      );
      return;
    }
    if (isActiveSpecialist(ctx) && ctx.account) {
      ctx.account = await acceptTerms(ctx.db, ctx.account.user_id, terms);
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup();
      await showMainMenu(ctx, texts.termsAccepted);
      return;
    }
    if (!inviteToken || isSpecialist(ctx)) {
      await ctx.answerCallbackQuery(texts.staleButton);
      return;
    }
    await registerFromInvite(ctx, inviteToken, terms);
  });

  composer.use(async (ctx, next) => {
    const account = ctx.account;
    if (
      !account ||
      !isActiveSpecialist(ctx) ||
      account.terms_version === terms.version ||
      ctx.hasCommand(ALWAYS_ANSWERED)
    ) {
      await next();
      return;
    }
    if (ctx.callbackQuery) await ctx.answerCallbackQuery(texts.acceptTermsFirst);
    await offerTerms(ctx, terms, audienceOf(account));
  });

  return composer;
}
