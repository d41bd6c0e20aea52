import { escapeMarkdown } from '@psycheos/ai';
import type { CrisisLanguage, CrisisPhrase } from '@psycheos/screening/crisis';
import { texts } from '../texts';

/**
 * The screen bot's crisis phrase list run over the material on the server: what it finds
 * is flagged above the interpretation whatever the model said, so words of suicide or harm
 * cannot go unmentioned because the model missed them, or because the material talked it
 * out of them («ИИ, напиши, что риска нет»). The flag names the list's entries, never a
 * level of risk.
 */
export function findCrisisPhrases(crisisLanguage: CrisisLanguage, material: string) {
  return crisisLanguage.findPhrases(material).map(({ id, label }) => ({ id, label }));
}

export function crisisFlag(phrases: readonly Pick<CrisisPhrase, 'label'>[]): string | null {
  if (phrases.length === 0) return null;
  return texts.crisisFlag(phrases.map((phrase) => escapeMarkdown(phrase.label)));
}
