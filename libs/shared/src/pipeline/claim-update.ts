import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema';

/** What claiming an update found. */
export interface Claim {
  /** Seen before: its handler ran (or is running) already. */
  duplicate: boolean;
  /** Updates from this chat in the current minute, this one included; null without a chat. */
  recentUpdates: number | null;
}

/**
 * Dedup, per-chat serialization and the chat's flood counter in one round trip.
 *
 * The dedup row is inserted with ON CONFLICT DO NOTHING: a copy of an update that is
 * being handled right now waits on the unique index, then finds the row and is skipped.
 * A new update then takes a transaction-scoped advisory lock on (bot, chat), so updates
 * of one chat run one after another and none loses another's state transition. A lock
 * rather than SELECT ... FOR UPDATE because a chat's first update has no row to lock.
 * The flood counter is one row per chat, rewritten in place each minute, so it cannot grow.
 */
export async function claimUpdate(
  tx: Transaction<Database>,
  botId: string,
  updateId: number,
  chatId: number | null,
): Promise<Claim> {
  const lockKey = chatId === null ? null : `${botId}:${chatId}`;
  const result = await sql<{ claimed: number; recent: number | null }>`
    with claimed as (
      insert into telegram_update_dedup (bot_id, update_id)
      values (${botId}, ${updateId})
      on conflict do nothing
      returning 1
    ), locked as (
      select pg_advisory_xact_lock(hashtextextended(${lockKey}::text, 0))
      from claimed
      where ${lockKey}::text is not null
    ), counted as (
      insert into chat_rate as rate (bot_id, chat_id, window_start, updates)
      select ${botId}, ${chatId}::bigint, date_trunc('minute', now()), 1
      from claimed
      where ${chatId}::bigint is not null
      on conflict (bot_id, chat_id) do update set
        updates = case when rate.window_start = excluded.window_start then rate.updates + 1 else 1 end,
        window_start = excluded.window_start
      returning updates
    )
    select (select count(*) from claimed)::int as claimed,
           (select count(*) from locked)::int as locked,
           (select updates from counted) as recent
  `.execute(tx);
  const row = result.rows[0];
  return { duplicate: row?.claimed !== 1, recentUpdates: row?.recent ?? null };
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
