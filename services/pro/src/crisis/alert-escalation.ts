import { enqueueUrgentReplies } from '@psycheos/bot-runtime';
import type { Database } from '@psycheos/db';
import type { Logger } from '@psycheos/platform';
import type { Kysely } from 'kysely';
import { crisisTexts } from '../crisis-texts';
import { claimAlertsToEscalate } from './crisis-alert-records';

export interface AlertEscalationOptions {
  db: Kysely<Database>;
  adminIds: ReadonlySet<number>;
  logger: Logger;
  /** An alert still not delivered after this long goes to the admins (default 5 minutes). */
  escalateAfterSeconds?: number;
  /** How often to look (default 15 s); tests shorten it. */
  everyMs?: number;
}

export const ESCALATE_AFTER_SECONDS = 5 * 60;

/**
 * Why this exists: a crisis alert is the one message that must not fail unseen. Telegram
 * refuses it when the specialist has blocked the bot, and a Bot API outage can hold it for
 * long. Either way, the admins (ADMIN_IDS) are told within minutes, with the case's id and
 * never the client's words, so a person can reach the specialist another way.
 */
export function startAlertEscalation(options: AlertEscalationOptions): { stop(): Promise<void> } {
  const waitedSeconds = options.escalateAfterSeconds ?? ESCALATE_AFTER_SECONDS;
  const log = options.logger.child({ component: 'crisis-alert-escalation' });
  let running: Promise<void> = Promise.resolve();
  const look = async () => {
    try {
      await options.db.transaction().execute(async (tx) => {
        const due = await claimAlertsToEscalate(tx, waitedSeconds);
        for (const alert of due) {
          const reason =
            alert.delivery === 'pending'
              ? crisisTexts.escalationLate(Math.max(1, Math.round(waitedSeconds / 60)))
              : crisisTexts.escalationRefused;
          const text = crisisTexts.escalation({
            alertId: alert.alert_id,
            contextId: alert.context_id,
            raisedAt: alert.created_at,
            specialist: alert.username ? `@${alert.username}` : (alert.full_name ?? '—'),
            reason,
          });
          for (const adminId of options.adminIds) {
            await enqueueUrgentReplies(tx, {
              botId: 'pro',
              chatId: adminId,
              calls: [{ method: 'sendMessage', payload: { chat_id: adminId, text } }],
            });
          }
          const context = {
            alert_id: alert.alert_id,
            context_id: alert.context_id,
            delivery: alert.delivery,
          };
          if (options.adminIds.size === 0) {
            log.error(
              context,
              'a crisis alert did not reach its specialist and ADMIN_IDS is empty: nobody was told',
            );
          } else {
            log.warn(context, 'a crisis alert did not reach its specialist; the admins were told');
          }
        }
      });
    } catch (error) {
      log.warn({ err: error }, 'could not look for undelivered crisis alerts; will look again');
    }
  };
  const timer = setInterval(() => {
    running = look();
  }, options.everyMs ?? 15_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
