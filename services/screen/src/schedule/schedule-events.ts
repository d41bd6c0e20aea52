import type { Database } from '@psycheos/db';
import { type ClientStopReason, enqueueEvent, type ScheduleRef } from '@psycheos/events';
import { makeIdempotencyKey } from '@psycheos/platform';
import type { Transaction } from 'kysely';

type Tx = Transaction<Database>;

/**
 * What pro hears of a schedule from screen, through the event outbox: each at most once per
 * schedule (its key), however often the cause runs again. A schedule is accepted or
 * declined once and stops once.
 */
export function announceScheduleAnswer(tx: Tx, schedule: ScheduleRef, isAccepted: boolean) {
  const subject = isAccepted
    ? 'psycheos.screening.schedule.accepted'
    : 'psycheos.screening.schedule.declined';
  return enqueueEvent(
    tx,
    subject,
    refOf(schedule),
    makeIdempotencyKey({ scope: subject, serviceId: 'screen', runId: schedule.schedule_id }),
  );
}

export function announceScheduleStopped(tx: Tx, schedule: ScheduleRef, reason: ClientStopReason) {
  return enqueueEvent(
    tx,
    'psycheos.screening.schedule.stopped',
    { ...refOf(schedule), reason },
    makeIdempotencyKey({
      scope: 'psycheos.screening.schedule.stopped',
      serviceId: 'screen',
      runId: schedule.schedule_id,
    }),
  );
}

/** Ids only, whatever else the caller's row holds. */
const refOf = (schedule: ScheduleRef): ScheduleRef => ({
  context_id: schedule.context_id,
  specialist_user_id: schedule.specialist_user_id,
  schedule_id: schedule.schedule_id,
});
