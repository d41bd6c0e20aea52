import { enqueueReplies, REPLY_PRIORITY } from '@psycheos/bot-runtime';
import type { Database } from '@psycheos/db';
import type { JobHandler } from '@psycheos/jobs';
import { scheduleJobKey } from '@psycheos/screening';
import type { Transaction } from 'kysely';
import { questionView } from '../bot/question-view';
import {
  findOccurrence,
  type LockedSchedule,
  lockSchedule,
  recordOccurrence,
} from '../data/schedules';
import { createSession, updateSession } from '../data/sessions';
import { scheduleTexts } from '../schedule-texts';
import { QuestionPlan } from '../screening/question-plan';
import { dueTimeOf } from './due-times';
import type { ScheduleDeps } from './schedule-deps';
import { queueReminder, queueSend, readPayload, retryAtOpening } from './schedule-jobs';

/**
 * SCHEDULE_TASK.send: one due time of a schedule. Inside the client's daytime it opens a
 * session (consent was given for the schedule) and puts its first question in the reply
 * outbox, so Telegram's limits hold as for any reply; a paused schedule, an archived case
 * or a blocked specialist skips the due time. Either way the next due time is queued, and
 * after a send the reminder a day later. A stopped schedule queues nothing: its chain ends.
 *
 * Exactly once: the job's key is per schedule and due time, so it is queued once and one
 * runner takes it; the schedule's row lock and the occurrence's primary key make a second
 * run (a retry after a crash) find the questionnaire sent and change nothing.
 */
export function sendDueQuestionnaire(deps: ScheduleDeps): JobHandler {
  return async (payload) => {
    const job = readPayload(payload);
    if (job?.occurrence === undefined) return;
    const occurrence = job.occurrence;
    await deps.db.transaction().execute(async (tx) => {
      const schedule = await lockSchedule(tx, job.scheduleId);
      if (schedule?.status !== 'active' && schedule?.status !== 'paused') return;
      const now = deps.clock.now();
      if (!deps.window.isOpen(now)) {
        // Came late, at night (the runners were down): the same due time, at the opening.
        const key = scheduleJobKey.send(schedule.schedule_id, occurrence);
        await retryAtOpening(tx, deps.window, 'send', job, key, now);
        return;
      }
      if (await findOccurrence(tx, schedule.schedule_id, occurrence)) return;
      if (!isHeld(schedule)) await sendQuestionnaire(tx, deps, schedule, occurrence, now);
      await queueSend(tx, deps.window, schedule, occurrence + 1, now);
    });
  };
}

/** A due time that passes without a questionnaire; the schedule goes on. */
const isHeld = (schedule: LockedSchedule) =>
  schedule.status === 'paused' ||
  schedule.case_status !== 'active' ||
  schedule.specialist_status !== 'active' ||
  schedule.client_user_id === null ||
  schedule.client_telegram_id === null;

async function sendQuestionnaire(
  tx: Transaction<Database>,
  deps: ScheduleDeps,
  schedule: LockedSchedule,
  occurrence: number,
  now: Date,
): Promise<void> {
  const instruments = deps.catalogue.ordered(schedule.instruments);
  const clientUserId = schedule.client_user_id as string;
  const chatId = schedule.client_telegram_id as number;
  if (instruments.length === 0) {
    deps.logger.warn(
      { schedule_id: schedule.schedule_id },
      'a schedule names no questionnaire this deployment has; nothing sent',
    );
    return;
  }
  const session = await createSession(tx, {
    contextId: schedule.context_id,
    clientUserId,
    instruments,
  });
  await updateSession(tx, session.session_id, { status: 'in_progress', consented: true });
  await recordOccurrence(tx, {
    scheduleId: schedule.schedule_id,
    occurrence,
    dueAt: dueTimeOf(
      schedule.anchor_at ?? now,
      occurrence,
      schedule.cadence_days,
      deps.window.timeZone,
    ),
    sentAt: now,
    sessionId: session.session_id,
  });
  const plan = new QuestionPlan(deps.catalogue, instruments);
  const view = await questionView(tx, session, plan, 0);
  const titles = instruments.map((id) => deps.catalogue.get(id).title);
  await enqueueReplies(tx, {
    botId: 'screen',
    chatId,
    priority: REPLY_PRIORITY.known,
    calls: [
      {
        method: 'sendMessage',
        payload: {
          chat_id: chatId,
          text: `${scheduleTexts.due(titles, plan.length, plan.minutes())}\n\n${view.text}`,
          reply_markup: { inline_keyboard: view.keyboard.inline_keyboard },
        },
      },
    ],
  });
  await queueReminder(tx, deps.window, { scheduleId: schedule.schedule_id, occurrence }, now);
  deps.logger.info(
    { schedule_id: schedule.schedule_id, occurrence, session_id: session.session_id },
    'scheduled questionnaire queued for the client',
  );
}
