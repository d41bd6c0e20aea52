import { enqueueReplies, REPLY_PRIORITY } from '@psycheos/bot-runtime';
import type { JobHandler } from '@psycheos/jobs';
import { scheduleJobKey } from '@psycheos/screening';
import { scheduleConsentView } from '../bot/schedule-view';
import { lockSchedule } from '../data/schedules';
import type { ScheduleDeps } from './schedule-deps';
import { readPayload, retryAtOpening } from './schedule-jobs';

/**
 * SCHEDULE_TASK.offer, queued by pro when a specialist schedules screening for a client the
 * case already has: the schedule's consent in the client's chat with screen, inside their
 * daytime. Nothing is sent once the schedule is no longer waiting (stopped meanwhile).
 */
export function offerSchedule(deps: ScheduleDeps): JobHandler {
  return async (payload) => {
    const job = readPayload(payload);
    if (!job) return;
    await deps.db.transaction().execute(async (tx) => {
      const schedule = await lockSchedule(tx, job.scheduleId);
      const chatId = schedule?.client_telegram_id;
      if (schedule?.status !== 'awaiting_consent' || !chatId) return;
      const now = deps.clock.now();
      if (!deps.window.isOpen(now)) {
        const key = scheduleJobKey.offer(job.scheduleId);
        await retryAtOpening(tx, deps.window, 'offer', job, key, now);
        return;
      }
      const view = scheduleConsentView(
        schedule,
        deps.catalogue,
        deps.window,
        deps.serviceOperator,
        now,
      );
      await enqueueReplies(tx, {
        botId: 'screen',
        chatId,
        priority: REPLY_PRIORITY.known,
        calls: [
          {
            method: 'sendMessage',
            payload: {
              chat_id: chatId,
              text: view.text,
              reply_markup: { inline_keyboard: view.keyboard.inline_keyboard },
            },
          },
        ],
      });
    });
  };
}
