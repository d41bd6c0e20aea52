import type { SpecialistTerms } from '@psycheos/bot-runtime';
import type { User } from '@psycheos/db';
import { InlineKeyboard } from 'grammy';
import { labels, type TermsAudience, texts } from '../texts';
import { callbackData } from './callback-data';
import type { ProContext } from './context';

/** The terms with «✅ Принимаю» / «Не принимаю»; a newcomer's buttons carry their invite. */
export async function offerTerms(
  ctx: ProContext,
  terms: SpecialistTerms,
  audience: TermsAudience,
  inviteToken?: string,
): Promise<void> {
  await ctx.reply(texts.termsOffer(audience, terms.text, terms.version), {
    reply_markup: new InlineKeyboard()
      .text(labels.acceptTerms, callbackData.acceptTerms(terms.version, inviteToken))
      .row()
      .text(labels.declineTerms, callbackData.declineTerms(terms.version, inviteToken)),
  });
}

/** A specialist who never accepted any terms (registered before them), or an older version. */
export const audienceOf = (specialist: User): TermsAudience =>
  specialist.terms_version === null ? 'unaccepted' : 'changed';
