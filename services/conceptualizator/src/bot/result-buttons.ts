import { resultReviewButtons } from '@psycheos/ai';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { texts } from '../texts';
import { CALLBACK } from './callback-data';

const nextSteps = (): InlineKeyboardButton[] => [
  { text: texts.buttons.otherFramework, callback_data: CALLBACK.otherFramework },
  { text: texts.buttons.newIntake, callback_data: CALLBACK.newIntake },
];

export const afterResultButtons = (): InlineKeyboardMarkup => ({ inline_keyboard: [nextSteps()] });

/**
 * Under a conceptualization: sign-off and correction (the history's draft mark), a
 * section's revision when it has sections, another framework, a new intake.
 */
export function conceptualizationButtons(
  resultId: string,
  isRevisable: boolean,
): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      ...resultReviewButtons(resultId),
      ...(isRevisable
        ? [[{ text: texts.buttons.editSection, callback_data: CALLBACK.editSection(resultId) }]]
        : []),
      nextSteps(),
    ],
  };
}
