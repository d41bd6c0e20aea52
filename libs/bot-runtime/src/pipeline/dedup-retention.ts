import type { Database } from '@psycheos/db';
import { type Kysely, sql } from 'kysely';

/** Telegram stops retrying an update after 24 hours; twice that is kept, to be safe. */
export const DEDUP_RETENTION_HOURS = 48;

/** Deletes this bot's dedup rows older than the retention, so the table stays bounded. */
export async function pruneDedup(db: Kysely<Database>, botId: string): Promise<number> {
  const result = await db
    .deleteFrom('telegram_update_dedup')
    .where('bot_id', '=', botId)
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${DEDUP_RETENTION_HOURS})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
