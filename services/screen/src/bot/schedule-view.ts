import type { InstrumentCatalogue } from '@psycheos/screening';
import { InlineKeyboard } from 'grammy';
import type { Schedule } from '../data/schedules';
import type { DaytimeWindow } from '../schedule/daytime-window';
import { scheduleTexts } from '../schedule-texts';
import { QuestionPlan } from '../screening/question-plan';
import { callbackData } from './callback-data';
import type { MessageView } from './question-view';

/**
 * A schedule's consent as the client sees it, with «✅ Да, присылайте» / «Нет, не нужно»:
 * the same whether it comes as the answer to the specialist's link or, for a client the
 * case already has, as an offer in their chat.
 */
export function scheduleConsentView(
  schedule: Schedule,
  catalogue: InstrumentCatalogue,
  window: DaytimeWindow,
  operator: string,
  now: Date,
): MessageView {
  const instruments = catalogue.ordered(schedule.instruments);
  const plan = new QuestionPlan(catalogue, instruments);
  return {
    text: scheduleTexts.consent({
      titles: instruments.map((id) => catalogue.get(id).title),
      cadenceDays: schedule.cadence_days,
      questions: plan.length,
      minutes: plan.minutes(),
      firstDay: schedule.starts_at > now ? window.dayOf(schedule.starts_at) : null,
      timeZone: window.timeZone,
      hours: window.hours,
      operator,
    }),
    keyboard: new InlineKeyboard()
      .text(scheduleTexts.agree, callbackData.scheduleConsent(schedule.schedule_id, true))
      .row()
      .text(scheduleTexts.decline, callbackData.scheduleConsent(schedule.schedule_id, false)),
  };
}

/** «⏸ Пауза» (or «▶️ Возобновить») and «⏹ Остановить» under a schedule's messages. */
export function scheduleControls(scheduleId: string, isPaused: boolean): InlineKeyboard {
  return new InlineKeyboard()
    .text(
      isPaused ? scheduleTexts.resume : scheduleTexts.pause,
      callbackData.scheduleControl(scheduleId, isPaused ? 'resume' : 'pause'),
    )
    .text(scheduleTexts.stop, callbackData.scheduleControl(scheduleId, 'stop'));
}
