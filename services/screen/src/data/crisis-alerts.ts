import type { Database } from '@psycheos/shared';
import { sql, type Transaction } from 'kysely';

type Tx = Transaction<Database>;

export async function recordAlert(
  tx: Tx,
  alert: {
    contextId: string;
    clientUserId: string;
    sessionId: string | null;
    trigger: string;
    replyId: number | null;
  },
): Promise<void> {
  await tx
    .insertInto('crisis_alerts')
    .values({
      context_id: alert.contextId,
      client_user_id: alert.clientUserId,
      session_id: alert.sessionId,
      trigger: alert.trigger,
      reply_id: alert.replyId,
    })
    .execute();
}

/** True when this session already alerted the specialist for this crisis item. */
export async function sessionAlerted(tx: Tx, sessionId: string, trigger: string): Promise<boolean> {
  const row = await tx
    .selectFrom('crisis_alerts')
    .select('alert_id')
    .where('session_id', '=', sessionId)
    .where('trigger', '=', trigger)
    .executeTakeFirst();
  return row !== undefined;
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
