import type { Database } from '@psycheos/db';
import { sql, type Transaction } from 'kysely';

type Tx = Transaction<Database>;

/** Records an alert before its message exists, so the message's buttons can name it. */
export async function recordAlert(
  tx: Tx,
  alert: {
    contextId: string;
    clientUserId: string;
    sessionId: string | null;
    trigger: string;
    matched?: string;
  },
): Promise<{ alert_id: number; created_at: Date }> {
  return tx
    .insertInto('crisis_alerts')
    .values({
      context_id: alert.contextId,
      client_user_id: alert.clientUserId,
      session_id: alert.sessionId,
      trigger: alert.trigger,
      matched: alert.matched ?? null,
    })
    .returning(['alert_id', 'created_at'])
    .executeTakeFirstOrThrow();
}

/** The alert's row in pro's reply outbox, whose sending settles its delivery. */
export async function setAlertReply(
  tx: Tx,
  alertId: number,
  replyId: number | null,
): Promise<void> {
  await tx
    .updateTable('crisis_alerts')
    .set({ reply_id: replyId })
    .where('alert_id', '=', alertId)
    .execute();
}

/** This session's alert for this crisis item, if it raised one. */
export async function sessionAlert(
  tx: Tx,
  sessionId: string,
  trigger: string,
): Promise<{ alert_id: number; created_at: Date } | undefined> {
  return tx
    .selectFrom('crisis_alerts')
    .select(['alert_id', 'created_at'])
    .where('session_id', '=', sessionId)
    .where('trigger', '=', trigger)
    .executeTakeFirst();
}

/** True when this client's words alerted this case's specialist within `minutes`. */
export async function recentlyAlertedForText(
  tx: Tx,
  contextId: string,
  clientUserId: string,
  minutes: number,
): Promise<boolean> {
  const row = await tx
    .selectFrom('crisis_alerts')
    .select('alert_id')
    .where('context_id', '=', contextId)
    .where('client_user_id', '=', clientUserId)
    .where('trigger', '=', 'free_text')
    .where('created_at', '>', sql<Date>`now() - make_interval(mins => ${minutes})`)
    .executeTakeFirst();
  return row !== undefined;
}
