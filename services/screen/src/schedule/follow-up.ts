import { enqueueReplies, REPLY_PRIORITY } from '@psycheos/bot-runtime';
import { enqueueEvent } from '@psycheos/events';
import type { JobHandler } from '@psycheos/jobs';
import { makeIdempotencyKey } from '@psycheos/platform';
import { scheduleJobKey } from '@psycheos/screening';
import { questionView } from '../bot/question-view';
import { advanceOccurrence, findOccurrence, lockSchedule } from '../data/schedules';
import { SESSION_COLUMNS, type Session } from '../data/sessions';
import { scheduleTexts } from '../schedule-texts';
import { QuestionPlan } from '../screening/question-plan';
import type { ScheduleDeps } from './schedule-deps';
import { queueMissCheck, readPayload, retryAtOpening } from './schedule-jobs';

const isOpen = (session: Session | undefined) =>
  session?.status === 'awaiting_consent' || session?.status === 'in_progress';

/**
 * SCHEDULE_TASK.remind: a day after the send, a client who has not finished gets one
 * reminder, inside their daytime, with the question where they stopped; the verdict is
 * queued a day later. A finished questionnaire, or a schedule paused or stopped since,
 * gets no reminder (a paused one still gets its verdict, told to no one).
 */
export function remindOfQuestionnaire(deps: ScheduleDeps): JobHandler {
  return async (payload) => {
    const job = readPayload(payload);
    if (job?.occurrence === undefined) return;
    const key = { scheduleId: job.scheduleId, occurrence: job.occurrence };
    await deps.db.transaction().execute(async (tx) => {
      const schedule = await lockSchedule(tx, key.scheduleId);
      const sent = await findOccurrence(tx, key.scheduleId, key.occurrence);
      if (!schedule || sent?.status !== 'sent') return;
      const session = sent.session_id
        ? await tx
            .selectFrom('screening_sessions')
            .select(SESSION_COLUMNS)
            .where('session_id', '=', sent.session_id)
            .executeTakeFirst()
        : undefined;
      if (!session || !isOpen(session) || schedule.status === 'stopped') return;
      const now = deps.clock.now();
      const chatId = schedule.client_telegram_id;
      // Paused: no reminder, but the questionnaire still gets its verdict, a day on.
      if (schedule.status === 'active' && chatId !== null) {
        if (!deps.window.isOpen(now)) {
          const retryKey = scheduleJobKey.remind(key.scheduleId, key.occurrence);
          await retryAtOpening(tx, deps.window, 'remind', job, retryKey, now);
          return;
        }
        const plan = new QuestionPlan(deps.catalogue, session.instruments);
        const view = await questionView(tx, session, plan, session.position);
        await enqueueReplies(tx, {
          botId: 'screen',
          chatId,
          priority: REPLY_PRIORITY.known,
          calls: [
            {
              method: 'sendMessage',
              payload: {
                chat_id: chatId,
                text: `${scheduleTexts.reminder}\n\n${view.text}`,
                reply_markup: { inline_keyboard: view.keyboard.inline_keyboard },
              },
            },
          ],
        });
        await advanceOccurrence(tx, key, ['sent'], { status: 'reminded', at: now });
      }
      await queueMissCheck(tx, key, now);
    });
  };
}

/**
 * SCHEDULE_TASK.miss: a day after the reminder, a questionnaire still not finished is
 * missed: its session closes (a late answer records nothing), and the specialist gets one
 * notice, through the event outbox with a key per due time, so never two for one
 * questionnaire. Only for a schedule still active: a client who paused or stopped it has
 * said so. The next due time was queued when this one was sent: it comes as usual.
 */
export function markQuestionnaireMissed(deps: ScheduleDeps): JobHandler {
  return async (payload) => {
    const job = readPayload(payload);
    if (job?.occurrence === undefined) return;
    const key = { scheduleId: job.scheduleId, occurrence: job.occurrence };
    await deps.db.transaction().execute(async (tx) => {
      const schedule = await lockSchedule(tx, key.scheduleId);
      if (!schedule) return;
      const missed = await advanceOccurrence(tx, key, ['sent', 'reminded'], {
        status: 'missed',
        at: deps.clock.now(),
      });
      if (!missed) return;
      if (missed.session_id) {
        await tx
          .updateTable('screening_sessions')
          .set({ status: 'stopped', updated_at: new Date() })
          .where('session_id', '=', missed.session_id)
          .where('status', 'in', ['awaiting_consent', 'in_progress'])
          .execute();
      }
      deps.logger.info(
        { schedule_id: key.scheduleId, occurrence: key.occurrence },
        'scheduled questionnaire missed',
      );
      if (schedule.status !== 'active') return;
      await enqueueEvent(
        tx,
        'psycheos.screening.missed',
        {
          context_id: schedule.context_id,
          specialist_user_id: schedule.specialist_user_id,
          schedule_id: key.scheduleId,
          occurrence: key.occurrence,
        },
        makeIdempotencyKey({
          scope: 'psycheos.screening.missed',
          serviceId: 'screen',
          runId: `${key.scheduleId}:${key.occurrence}`,
        }),
      );
    });
  };
}
