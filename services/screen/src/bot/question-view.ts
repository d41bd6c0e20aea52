import type { Database } from '@psycheos/db';
import { InlineKeyboard } from 'grammy';
import type { Transaction } from 'kysely';
import { answerAt, type Session } from '../data/sessions';
import type { QuestionPlan } from '../screening/question-plan';
import { texts } from '../texts';
import { callbackData } from './callback-data';

export interface MessageView {
  text: string;
  keyboard: InlineKeyboard;
}

/**
 * A question as the client sees it: part and progress ("вопрос 3/9"), the instrument's
 * instruction, the item, one button per answer (the one given before marked, after
 * "back"), and "back" from every question but the first.
 */
export async function questionView(
  tx: Transaction<Database>,
  session: Session,
  plan: QuestionPlan,
  position: number,
): Promise<MessageView> {
  const question = plan.at(position);
  if (!question) throw new Error(`a session has no question at ${position}`);
  const { instrument, itemIndex } = question;
  const chosen = await answerAt(tx, session.session_id, position);
  const keyboard = new InlineKeyboard();
  for (const option of instrument.options) {
    const caption = option.value === chosen ? texts.chosen(option.label) : option.label;
    keyboard.text(caption, callbackData.answer(session.session_id, position, option.value)).row();
  }
  if (position > 0) keyboard.text(texts.back, callbackData.back(session.session_id, position));
  const item = instrument.items[itemIndex];
  return {
    text: texts.question(
      question.part,
      question.parts,
      itemIndex + 1,
      instrument.items.length,
      instrument.instruction,
      item?.text ?? '',
    ),
    keyboard,
  };
}

export function consentView(session: Session, plan: QuestionPlan, operator: string): MessageView {
  return {
    text: texts.consent(plan.length, plan.minutes(), operator),
    keyboard: new InlineKeyboard()
      .text(texts.agree, callbackData.consent(session.session_id, true))
      .row()
      .text(texts.decline, callbackData.consent(session.session_id, false)),
  };
}
