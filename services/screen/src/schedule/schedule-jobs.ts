import type { Database, ScheduleCadenceDays } from '@psycheos/db';
import { enqueueJob } from '@psycheos/jobs';
import { SCHEDULE_TASK, type ScheduleJobPayload, scheduleJobKey } from '@psycheos/screening';
import type { Transaction } from 'kysely';
import { updateSchedule } from '../data/schedules';
import type { DaytimeWindow } from './daytime-window';
import { dueTimeOf } from './due-times';

type Tx = Transaction<Database>;

/** A day: how long a questionnaire waits for its reminder, and the reminder for the verdict. */
export const FOLLOW_UP_MS = 24 * 60 * 60 * 1_000;

interface Timed {
  schedule_id: string;
  cadence_days: ScheduleCadenceDays;
  anchor_at: Date | null;
}

/**
 * Queues the questionnaire of the first due time from `occurrence` on that is not already
 * past (a runner that was down for weeks sends one questionnaire, not one per missed week),
 * at its due time or, outside the client's daytime, at the next opening; the card's
 * "следующий" is that moment. Returns it.
 */
export async function queueSend(
  tx: Tx,
  window: DaytimeWindow,
  schedule: Timed,
  occurrence: number,
  now: Date,
): Promise<Date> {
  const anchor = schedule.anchor_at ?? now;
  const due = (n: number) => dueTimeOf(anchor, n, schedule.cadence_days, window.timeZone);
  let next = occurrence;
  while (next > 0 && due(next) < now) next += 1;
  const sendAt = window.sendTimeFor(due(next) < now ? now : due(next));
  await enqueueJob(tx, {
    task: SCHEDULE_TASK.send,
    payload: { scheduleId: schedule.schedule_id, occurrence: next },
    key: scheduleJobKey.send(schedule.schedule_id, next),
    runAt: sendAt,
  });
  await updateSchedule(tx, schedule.schedule_id, { nextSendAt: sendAt });
  return sendAt;
}

/** The reminder a day after the send, inside the client's daytime. */
export function queueReminder(
  tx: Tx,
  window: DaytimeWindow,
  key: { scheduleId: string; occurrence: number },
  sentAt: Date,
): Promise<void> {
  return enqueueJob(tx, {
    task: SCHEDULE_TASK.remind,
    payload: { ...key },
    key: scheduleJobKey.remind(key.scheduleId, key.occurrence),
    runAt: window.sendTimeFor(new Date(sentAt.getTime() + FOLLOW_UP_MS)),
  });
}

/** The verdict a day after the reminder: it tells the specialist, not the client, so any hour. */
export function queueMissCheck(
  tx: Tx,
  key: { scheduleId: string; occurrence: number },
  remindedAt: Date,
): Promise<void> {
  return enqueueJob(tx, {
    task: SCHEDULE_TASK.miss,
    payload: { ...key },
    key: scheduleJobKey.miss(key.scheduleId, key.occurrence),
    runAt: new Date(remindedAt.getTime() + FOLLOW_UP_MS),
  });
}

/** Tries a task again at the window's next opening: it came due (or late) at night. */
export function retryAtOpening(
  tx: Tx,
  window: DaytimeWindow,
  task: keyof typeof SCHEDULE_TASK,
  payload: ScheduleJobPayload,
  key: string,
  now: Date,
): Promise<void> {
  return enqueueJob(tx, {
    task: SCHEDULE_TASK[task],
    payload: { ...payload },
    key,
    runAt: window.sendTimeFor(now),
  });
}

/** A task's payload, or null for one this release cannot read (nothing to do). */
export function readPayload(payload: unknown): ScheduleJobPayload | null {
  const { scheduleId, occurrence } = (payload ?? {}) as Record<string, unknown>;
  if (typeof scheduleId !== 'string') return null;
  if (occurrence === undefined) return { scheduleId };
  return typeof occurrence === 'number' && Number.isSafeInteger(occurrence) && occurrence >= 0
    ? { scheduleId, occurrence }
    : null;
}
