import type { Database } from '@psycheos/db';
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<Database> | Transaction<Database>;

/** An undelivered alert is counted on /health for this long after it was raised. */
const UNDELIVERED_SHOWN_HOURS = 24;

/**
 * Claims the alerts the specialist has not got: Telegram refused them (the specialist
 * blocked the bot), or they are still waiting after `waitedSeconds`. Each is claimed once,
 * whichever replica looks (SKIP LOCKED, and escalated_at set in the same transaction).
 */
export async function claimAlertsToEscalate(tx: Transaction<Database>, waitedSeconds: number) {
  const due = await tx
    .selectFrom('crisis_alerts')
    .innerJoin('contexts', 'contexts.context_id', 'crisis_alerts.context_id')
    .innerJoin('users', 'users.user_id', 'contexts.specialist_user_id')
    .select([
      'crisis_alerts.alert_id',
      'crisis_alerts.context_id',
      'crisis_alerts.delivery',
      'crisis_alerts.created_at',
      'users.username',
      'users.full_name',
    ])
    .where('crisis_alerts.escalated_at', 'is', null)
    .where(({ eb, or, and }) =>
      or([
        eb('crisis_alerts.delivery', 'in', ['failed', 'expired']),
        and([
          eb('crisis_alerts.delivery', '=', 'pending'),
          eb(
            'crisis_alerts.created_at',
            '<',
            sql<Date>`now() - make_interval(secs => ${waitedSeconds})`,
          ),
        ]),
      ]),
    )
    .orderBy('crisis_alerts.alert_id')
    .limit(50)
    .forUpdate('crisis_alerts')
    .skipLocked()
    .execute();
  if (due.length > 0) {
    await tx
      .updateTable('crisis_alerts')
      .set({ escalated_at: new Date() })
      .where(
        'alert_id',
        'in',
        due.map((alert) => alert.alert_id),
      )
      .execute();
  }
  return due;
}

/** Alerts of the last day that have not reached their specialist: what /health shows. */
export async function countUndeliveredAlerts(db: Db, waitedSeconds: number): Promise<number> {
  const row = await db
    .selectFrom('crisis_alerts')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('delivery', '<>', 'sent')
    .where('acknowledged_at', 'is', null)
    .where('created_at', '>', sql<Date>`now() - make_interval(hours => ${UNDELIVERED_SHOWN_HOURS})`)
    .where(({ eb, or }) =>
      or([
        eb('delivery', '<>', 'pending'),
        eb('created_at', '<', sql<Date>`now() - make_interval(secs => ${waitedSeconds})`),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Records «✅ Принято» on one of the specialist's own alerts; null when it is not theirs. */
export async function acknowledgeOwnAlert(
  tx: Transaction<Database>,
  alertId: number,
  specialistUserId: string,
): Promise<{ context_id: string; acknowledged_at: Date | null } | null> {
  const alert = await tx
    .selectFrom('crisis_alerts')
    .innerJoin('contexts', 'contexts.context_id', 'crisis_alerts.context_id')
    .select(['crisis_alerts.context_id', 'crisis_alerts.acknowledged_at'])
    .where('crisis_alerts.alert_id', '=', alertId)
    .where('contexts.specialist_user_id', '=', specialistUserId)
    .forUpdate('crisis_alerts')
    .executeTakeFirst();
  if (!alert) return null;
  if (alert.acknowledged_at) return alert;
  const acknowledgedAt = new Date();
  await tx
    .updateTable('crisis_alerts')
    .set({ acknowledged_at: acknowledgedAt, acknowledged_by: specialistUserId })
    .where('alert_id', '=', alertId)
    .execute();
  return { context_id: alert.context_id, acknowledged_at: null };
}

/** The case's alerts nobody has acknowledged yet, newest first: the case card shows them first. */
export function unacknowledgedAlerts(db: Db, contextId: string) {
  return db
    .selectFrom('crisis_alerts')
    .select(['alert_id', 'trigger', 'created_at'])
    .where('context_id', '=', contextId)
    .where('acknowledged_at', 'is', null)
    .orderBy('alert_id', 'desc')
    .limit(3)
    .execute();
}
