import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import type { Logger } from '../observability/logger';

/** Telegram stops retrying an update after 24 hours; twice that is kept, to be safe. */
export const DEDUP_RETENTION_HOURS = 48;
const PRUNE_EVERY_MS = 10 * 60_000;

/** Deletes this bot's dedup rows older than the retention, so the table stays bounded. */
export async function pruneDedup(db: Kysely<Database>, botId: string): Promise<number> {
  const result = await db
    .deleteFrom('telegram_update_dedup')
    .where('bot_id', '=', botId)
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${DEDUP_RETENTION_HOURS})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Prunes now and every ten minutes; every replica may do it, the delete is idempotent. */
export function keepDedupBounded(db: Kysely<Database>, botId: string, logger: Logger) {
  const prune = () =>
    pruneDedup(db, botId).catch((error: unknown) =>
      logger.warn({ err: error }, 'could not prune old dedup rows; will try again'),
    );
  void prune();
  const timer = setInterval(() => void prune(), PRUNE_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
