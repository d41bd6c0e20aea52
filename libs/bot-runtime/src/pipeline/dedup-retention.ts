import type { Database } from '@psycheos/db';
import { type Kysely, sql } from 'kysely';

/**
 * Deletes this bot's dedup rows older than `keptHours` (RetentionPeriods.updateDedupHours,
 * 48 by default: Telegram stops retrying an update after 24 hours), so the table stays bounded.
 */
export async function pruneDedup(
  db: Kysely<Database>,
  botId: string,
  keptHours: number,
): Promise<number> {
  const result = await db
    .deleteFrom('telegram_update_dedup')
    .where('bot_id', '=', botId)
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${keptHours})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
