import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema';

/**
 * Dedup and per-chat serialization in one round trip.
 *
 * The dedup row is inserted with ON CONFLICT DO NOTHING: a copy of an update that is
 * being handled right now waits on the unique index, then finds the row and is skipped.
 * A new update then takes a transaction-scoped advisory lock on (bot, chat), so updates
 * of one chat run one after another and none loses another's state transition. A lock
 * rather than SELECT ... FOR UPDATE because a chat's first update has no row to lock.
 *
 * Returns false for a duplicate.
 */
export async function claimUpdate(
  tx: Transaction<Database>,
  botId: string,
  updateId: number,
  chatId: number | null,
): Promise<boolean> {
  const lockKey = chatId === null ? null : `${botId}:${chatId}`;
  const result = await sql<{ claimed: number }>`
    with claimed as (
      insert into telegram_update_dedup (bot_id, update_id)
      values (${botId}, ${updateId})
      on conflict do nothing
      returning 1
    ), locked as (
      select pg_advisory_xact_lock(hashtextextended(${lockKey}::text, 0))
      from claimed
      where ${lockKey}::text is not null
    )
    select (select count(*) from claimed)::int as claimed,
           (select count(*) from locked)::int as locked
  `.execute(tx);
  return result.rows[0]?.claimed === 1;
}

/**
 * Marks an update as handled outside any transaction: used after a handler failed
 * and its transaction was rolled back, so Telegram's next delivery is not re-run.
 */
export async function recordUpdate(
  db: Kysely<Database>,
  botId: string,
  updateId: number,
): Promise<void> {
  await db
    .insertInto('telegram_update_dedup')
    .values({ bot_id: botId, update_id: updateId })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}
