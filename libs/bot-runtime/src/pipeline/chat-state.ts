import type { ChatStateRow, Database, UserRole } from '@psycheos/db';
import type { Kysely, Transaction } from 'kysely';

type Db = Kysely<Database> | Transaction<Database>;

export type ChatState = ChatStateRow;

export interface ChatStateChange {
  botId: string;
  chatId: number;
  state: string;
  /** Replaces the step-local data; omitted means "keep what is there" ({} for a new row). */
  statePayload?: Record<string, unknown>;
  /** The active case; null clears it, omitted keeps it. */
  contextId?: string | null;
  role?: UserRole | null;
  telegramUserId?: number | null;
}

/**
 * The spec's upsert_chat_state: INSERT ... ON CONFLICT UPDATE, so the first
 * transition of a chat and every later one are the same call.
 */
export async function upsertChatState(db: Db, change: ChatStateChange): Promise<void> {
  const updates = {
    state: change.state,
    updated_at: new Date(),
    ...(change.statePayload !== undefined && {
      state_payload: JSON.stringify(change.statePayload),
    }),
    ...(change.contextId !== undefined && { context_id: change.contextId }),
    ...(change.role !== undefined && { role: change.role }),
    ...(change.telegramUserId !== undefined && { telegram_user_id: change.telegramUserId }),
  };
  await db
    .insertInto('bot_chat_state')
    .values({
      bot_id: change.botId,
      chat_id: change.chatId,
      state: change.state,
      state_payload: JSON.stringify(change.statePayload ?? {}),
      context_id: change.contextId ?? null,
      role: change.role ?? null,
      telegram_user_id: change.telegramUserId ?? null,
    })
    .onConflict((conflict) => conflict.columns(['bot_id', 'chat_id']).doUpdateSet(updates))
    .execute();
}
