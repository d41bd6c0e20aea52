import type { AdminAction, Database } from '@psycheos/db';
import type { Kysely } from 'kysely';

type Db = Kysely<Database>;

/** What an entry names instead of a specialist who deleted their account. */
export const DELETED_AUDIT_TARGET = 'deleted';

/** Records an admin action in the update's transaction: it exists exactly when the action does. */
export async function recordAdminAction(
  db: Db,
  adminTelegramId: number,
  action: AdminAction,
  target: string,
): Promise<void> {
  await db
    .insertInto('admin_audit')
    .values({ admin_telegram_id: adminTelegramId, action, target })
    .execute();
}

export function latestAdminActions(db: Db, limit: number) {
  return db
    .selectFrom('admin_audit')
    .select(['admin_telegram_id', 'action', 'target', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('audit_id')
    .limit(limit)
    .execute();
}
