import { type Kysely, sql, type Transaction } from 'kysely';
import { isBotId } from '../bots';
import type { Database } from '../db/schema';
import type { ChatState } from './chat-state';

/** What claiming an update found. */
export interface Claim {
  /** Seen before: its handler ran (or is running) already. */
  duplicate: boolean;
  /** Updates from this chat in the current minute, this one included; null without a chat. */
  recentUpdates: number | null;
  /** The chat's saved state, read under the chat's lock; null when none was saved yet. */
  chatState: ChatState | null;
}

interface ClaimRow extends Omit<ChatState, 'state'> {
  claimed: number;
  state: string | null;
  rate_window_start: Date | null;
  rate_updates: number | null;
}

/**
 * Dedup, per-chat serialization, the chat's flood counter and its state in one round trip.
 *
 * The dedup row is inserted with ON CONFLICT DO NOTHING: a copy of an update that is
 * being handled right now waits on the unique index, then finds the row and is skipped.
 * A new update then upserts its chat's bot_chat_state row, bumping the flood counter
 * (one row per chat, rewritten in place each minute, so it cannot grow). The upsert locks
 * the row until the transaction ends, so a chat's updates run one after another and none
 * loses another's state transition; a chat's very first updates meet on the primary key
 * instead. RETURNING gives the row as it is after any update that held the lock before
 * us, which a plain SELECT in the same statement would not (its snapshot is older).
 *
 * The statement carries no parameters so that the transaction's BEGIN can travel with it
 * (db/lazy-begin.ts). Its values are inlined: the bot id is checked against the fixed
 * list and the rest are checked to be integers, so nothing of an update's text gets in.
 */
export async function claimUpdate(
  tx: Transaction<Database>,
  botId: string,
  updateId: number,
  chatId: number | null,
  userId: number | null,
): Promise<Claim> {
  if (!isBotId(botId)) throw new Error(`unknown bot id ${botId}`);
  const bot = sql.lit(botId);
  const update = integerLiteral(updateId);
  const chat = integerLiteral(chatId);
  const user = integerLiteral(userId);
  const result = await sql<ClaimRow>`
    with claimed as (
      insert into telegram_update_dedup (bot_id, update_id)
      values (${bot}, ${update})
      on conflict do nothing
      returning 1
    ), chat as (
      insert into bot_chat_state as saved
        (bot_id, chat_id, telegram_user_id, rate_window_start, rate_updates)
      select ${bot}, ${chat}::bigint, ${user}::bigint, date_trunc('minute', now()), 1
      from claimed
      where ${chat}::bigint is not null
      on conflict (bot_id, chat_id) do update set
        rate_updates = case when saved.rate_window_start = excluded.rate_window_start
                            then saved.rate_updates + 1 else 1 end,
        rate_window_start = excluded.rate_window_start
      returning saved.*
    )
    select (select count(*) from claimed)::int as claimed, chat.*
    from (values (1)) as one left join chat on true
  `.execute(tx);
  const row = result.rows[0];
  if (!row) throw new Error('the claim returned no row');
  const { claimed, rate_updates, rate_window_start: _minute, state, ...saved } = row;
  return {
    duplicate: claimed !== 1,
    recentUpdates: rate_updates,
    chatState: state === null ? null : { ...saved, state },
  };
}

function integerLiteral(value: number | null) {
  if (value === null) return sql.lit(null);
  if (!Number.isSafeInteger(value)) throw new Error('an id in the update is not an integer');
  return sql.lit(value);
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
