import type { Database, User } from '@psycheos/db';
import type { BotId, Logger } from '@psycheos/platform';
import type { Context } from 'grammy';
import type { Transaction } from 'kysely';
import type { ChatState, ChatStateChange } from './chat-state';

/**
 * What the pipeline adds to grammY's context: the spec's handler arguments
 * (db, state, user_id) as fields; chat_id is grammY's own ctx.chatId, so handlers stay ordinary grammY middleware.
 */
export interface PipelineFlavor {
  botId: BotId;
  /** The update's transaction: everything a handler writes commits or rolls back together. */
  db: Transaction<Database>;
  /** The chat's state as it was when this update took the chat's lock; null for a new chat. */
  chatState: ChatState | null;
  /** The sender's Telegram id (ctx.from?.id), null for updates without one. grammY's ctx.chatId gives the chat. */
  userId: number | null;
  /** The sender's users row (by Telegram id), as of this update's claim; null if none. */
  sender: User | null;
  /** A logger carrying bot_id, update_id and chat_id. */
  log: Logger;
  /**
   * Sends this update's replies with those of people the bot knows, though the sender has no
   * users row yet: someone the bot expects (a valid invitation opened). Someone who gets a
   * users row in this update is known at commit without it (sender-standing.ts).
   */
  answerAsKnown(): void;
  /** upsertChatState for this chat; also sets telegram_user_id to the sender. */
  saveChatState(
    change: Omit<ChatStateChange, 'botId' | 'chatId' | 'telegramUserId'>,
  ): Promise<void>;
}

export type PipelineContext = Context & PipelineFlavor;
