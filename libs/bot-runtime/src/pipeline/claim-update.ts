import type { Database, User } from '@psycheos/db';
import { isBotId } from '@psycheos/platform';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { ChatState } from './chat-state';

/** What claiming an update found. */
export interface Claim {
  /** Seen before: its handler ran (or is running) already. */
  duplicate: boolean;
  /** Updates from this chat in the current minute, this one included; null without a chat. */
  recentUpdates: number | null;
  /** The chat's saved state, read under the chat's lock; null when none was saved yet. */
  chatState: ChatState | null;
  /** The users row with the sender's Telegram id, read under the chat's lock; null if none. */
  sender: User | null;
}

interface ClaimRow extends Omit<ChatState, 'state'> {
  claimed: boolean;
  state: string | null;
  rate_window_start: Date | null;
  rate_updates: number | null;
  /** The users row as JSON: a second composite would clash with the first's column names. */
  sender:
    | (Omit<User, 'created_at' | 'updated_at' | 'terms_accepted_at'> &
        Record<'created_at' | 'updated_at', string> & { terms_accepted_at: string | null })
    | null;
}

/**
 * Dedup, per-chat serialization, the chat's flood counter and its state in one round trip:
 * the database function claim_update (migration 007), which
 * - inserts the dedup row with ON CONFLICT DO NOTHING: a copy of an update that is being
 *   handled right now waits on the unique index, then finds the row and is a duplicate;
 * - upserts the chat's bot_chat_state row, bumping the flood counter (one row per
 *   chat, rewritten in place each minute, so it cannot grow). The upsert locks the row
 *   until the transaction ends, so a chat's updates run one after another and none loses
 *   another's state transition; a chat's very first updates meet on the primary key. It
 *   returns the row as it is after any update that held the lock before, which a plain
 *   SELECT in the same statement would not (its snapshot would be older);
 * - then reads the sender's users row, in a statement of its own, so after the lock: a
 *   registration committed by the chat's previous update is seen.
 *
 * A function because its statements are planned once per connection; and the call carries
 * no parameters so that the transaction's BEGIN travels with it (db/lazy-begin.ts). Its
 * values are inlined: the bot id is checked against the fixed list and the rest are
 * checked to be integers, so nothing of an update's text gets in.
 */
export async function claimUpdate(
  tx: Transaction<Database>,
  botId: string,
  updateId: number,
  chatId: number | null,
  userId: number | null,
): Promise<Claim> {
  if (!isBotId(botId)) throw new Error(`unknown bot id ${botId}`);
  const result = await sql<ClaimRow>`
    select claimed, (chat).*, sender
    from claim_update(${sql.lit(botId)}, ${integerLiteral(updateId)},
                      ${integerLiteral(chatId)}, ${integerLiteral(userId)})
  `.execute(tx);
  const row = result.rows[0];
  if (!row) throw new Error('the claim returned no row');
  const { claimed, rate_updates, rate_window_start: _minute, state, sender, ...saved } = row;
  return {
    duplicate: !claimed,
    recentUpdates: rate_updates,
    chatState: state === null ? null : { ...saved, state },
    sender: sender && {
      ...sender,
      created_at: new Date(sender.created_at),
      updated_at: new Date(sender.updated_at),
      terms_accepted_at:
        sender.terms_accepted_at === null ? null : new Date(sender.terms_accepted_at),
    },
  };
}

function integerLiteral(value: number | null) {
  if (value === null) return sql.raw('null::bigint');
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
