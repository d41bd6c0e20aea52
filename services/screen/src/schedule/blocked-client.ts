import type { JobHandler } from '@psycheos/jobs';
import { LIVE } from '../data/schedules';
import type { ScheduleDeps } from './schedule-deps';
import { announceScheduleStopped } from './schedule-events';
import { readPayload } from './schedule-jobs';

/**
 * SCHEDULE_TASK.blocked, queued by the database itself (migration 2026_12_07_007's trigger)
 * when Telegram refused a message to the client with 403: they blocked the bot, or their
 * account is gone. Sending on would only be refused again; the schedule stops and its
 * specialist is told, once (the event's key is the schedule's).
 */
export function stopScheduleOfBlockedClient(deps: ScheduleDeps): JobHandler {
  return async (payload) => {
    const job = readPayload(payload);
    if (!job) return;
    await deps.db.transaction().execute(async (tx) => {
      const stopped = await tx
        .updateTable('screening_schedules')
        .set({
          status: 'stopped',
          stop_reason: 'blocked',
          stopped_at: deps.clock.now(),
          next_send_at: null,
          updated_at: new Date(),
        })
        .from('contexts')
        .whereRef('contexts.context_id', '=', 'screening_schedules.context_id')
        .where('screening_schedules.schedule_id', '=', job.scheduleId)
        .where('screening_schedules.status', 'in', LIVE)
        .returning([
          'screening_schedules.schedule_id',
          'screening_schedules.context_id',
          'contexts.specialist_user_id',
        ])
        .executeTakeFirst();
      if (!stopped) return;
      deps.logger.info(
        { schedule_id: stopped.schedule_id },
        'screening schedule stopped: Telegram refused to deliver to the client (403)',
      );
      await announceScheduleStopped(tx, stopped, 'blocked');
    });
  };
}
