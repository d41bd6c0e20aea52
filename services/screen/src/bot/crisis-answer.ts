import { enqueueReplies, type PipelineContext, REPLY_PRIORITY } from '@psycheos/bot-runtime';
import { type Instrument, isCrisisAnswer, itemTrigger } from '@psycheos/screening';
import { sessionAlert } from '../data/crisis-alerts';
import { caseSpecialist, type Session } from '../data/sessions';
import { texts } from '../texts';
import { alertSpecialist } from './crisis';

export interface CrisisItemOutcome {
  /** This answer is above the item's crisis threshold. */
  isCrisis: boolean;
  /** The specialist was alerted for this item in this session, now or earlier. */
  isSpecialistAlerted: boolean;
}

/**
 * What an answer to a crisis item (PHQ-9's ninth) sets off: an alert to the specialist
 * the first time it is answered above its threshold in a session, and, when the client
 * goes back and changes an answer that raised an alert, a notice saying so: the alert
 * stands, and the specialist is not left reading a calm final score as the whole story.
 */
export async function followUpCrisisItem(
  ctx: PipelineContext,
  answer: {
    session: Session;
    clientUserId: string;
    instrument: Instrument;
    itemIndex: number;
    value: number;
    /** The value this question had before, when the client went back to it. */
    previousValue: number | undefined;
  },
): Promise<CrisisItemOutcome> {
  const { session, instrument, itemIndex, value, previousValue } = answer;
  const isCrisis = isCrisisAnswer(instrument, itemIndex, value);
  if (!instrument.items[itemIndex]?.crisis) return { isCrisis, isSpecialistAlerted: false };
  const trigger = itemTrigger(instrument.id, itemIndex);
  const earlier = await sessionAlert(ctx.db, session.session_id, trigger);
  if (earlier) {
    if (previousValue !== undefined && previousValue !== value) {
      await tellAnswerChanged(ctx, { ...answer, previousValue, alertedAt: earlier.created_at });
    }
    return { isCrisis, isSpecialistAlerted: true };
  }
  if (!isCrisis) return { isCrisis, isSpecialistAlerted: false };
  const label = optionLabel(instrument, value);
  const meaning = instrument.items[itemIndex]?.crisis?.meaning ?? '';
  const isSpecialistAlerted = await alertSpecialist(ctx, {
    contextId: session.context_id,
    clientUserId: answer.clientUserId,
    sessionId: session.session_id,
    trigger,
    reason: texts.alertItemReason(instrument.title, itemIndex + 1, meaning, label),
  });
  return { isCrisis, isSpecialistAlerted };
}

async function tellAnswerChanged(
  ctx: PipelineContext,
  change: {
    session: Session;
    instrument: Instrument;
    itemIndex: number;
    value: number;
    previousValue: number;
    alertedAt: Date;
  },
): Promise<void> {
  const specialist = await caseSpecialist(ctx.db, change.session.context_id);
  if (!specialist) return;
  const chatId = specialist.telegram_id;
  const text = texts.alertAnswerChanged(
    specialist.client_ref,
    change.instrument.title,
    change.itemIndex + 1,
    optionLabel(change.instrument, change.previousValue),
    optionLabel(change.instrument, change.value),
    change.alertedAt,
  );
  await enqueueReplies(ctx.db, {
    botId: 'pro',
    chatId,
    priority: REPLY_PRIORITY.known,
    calls: [{ method: 'sendMessage', payload: { chat_id: chatId, text } }],
  });
}

const optionLabel = (instrument: Instrument, value: number) =>
  instrument.options.find((option) => option.value === value)?.label ?? String(value);
