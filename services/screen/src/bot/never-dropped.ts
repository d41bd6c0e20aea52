import type { CrisisLanguage } from '@psycheos/screening/crisis';
import type { Update } from 'grammy/types';
import { answerPattern } from './callback-data';

/**
 * What the flood limit must never drop in the screen bot. A person in crisis often writes
 * many short messages in a row: the one with crisis language must still bring the
 * resources and the alert, however many came before it. A questionnaire answer is never
 * dropped either: one of them may be the crisis item, and which one is known only from
 * the session, after the limit would have decided.
 */
export function screenMustHandle(crisisLanguage: CrisisLanguage): (update: Update) => boolean {
  return (update) => {
    const words = update.message?.text ?? update.message?.caption;
    if (words !== undefined && crisisLanguage.isCrisis(words)) return true;
    const pressed = update.callback_query?.data;
    return pressed !== undefined && answerPattern.test(pressed);
  };
}
