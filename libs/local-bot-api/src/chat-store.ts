import type { ChatMessage, ChatView, ReplyButton } from './local-chats';

/** A private chat as kept: ChatView without the bot's username, which may change. */
export interface ChatRecord {
  botId: number;
  chatId: number;
  messages: ChatMessage[];
  replyKeyboard?: ReplyButton[][];
  draft?: { draftId: number; text: string };
  notice?: { noticeId: number; text: string; showAlert: boolean };
}

export interface ChatStoreSnapshot {
  nextMessageId: number;
  chats: ChatRecord[];
}

export type NewMessage = Omit<ChatMessage, 'messageId' | 'date'>;

const unixNow = () => Math.floor(Date.now() / 1000);

/**
 * Every private chat between a bot (by its token's id) and a person (by chat_id), as the
 * playground shows it and as Telegram's history-dependent rules need it. Message ids come
 * from one counter, so an id never means two messages, even across chats.
 * `onChange` runs after every change (it bumps the change feed and schedules a save).
 */
export function createChatStore(onChange: () => void) {
  const chats = new Map<string, ChatRecord>();
  let nextMessageId = 1;

  const keyOf = (botId: number, chatId: number) => `${botId}:${chatId}`;
  const chatOf = (botId: number, chatId: number): ChatRecord => {
    const key = keyOf(botId, chatId);
    let chat = chats.get(key);
    if (!chat) {
      chat = { botId, chatId, messages: [] };
      chats.set(key, chat);
    }
    return chat;
  };
  const find = (botId: number, chatId: number, messageId: number) =>
    chats.get(keyOf(botId, chatId))?.messages.find((message) => message.messageId === messageId);

  return {
    /** A message id for a message the store does not keep (a chat_id that is no person). */
    takeMessageId: () => nextMessageId++,
    /** Adds a message; one from the bot ends the draft it was streaming. */
    add(botId: number, chatId: number, fields: NewMessage): ChatMessage {
      const chat = chatOf(botId, chatId);
      const message: ChatMessage = { messageId: nextMessageId++, date: unixNow(), ...fields };
      chat.messages.push(message);
      if (fields.from === 'bot') delete chat.draft;
      onChange();
      return message;
    },
    find,
    /** Changes a kept message in place; false when the chat has no such message. */
    edit(botId: number, chatId: number, messageId: number, change: (message: ChatMessage) => void) {
      const message = find(botId, chatId, messageId);
      if (!message) return false;
      change(message);
      onChange();
      return true;
    },
    remove(botId: number, chatId: number, messageId: number): boolean {
      const chat = chats.get(keyOf(botId, chatId));
      const index = chat?.messages.findIndex((message) => message.messageId === messageId) ?? -1;
      if (!chat || index === -1) return false;
      chat.messages.splice(index, 1);
      onChange();
      return true;
    },
    setReplyKeyboard(botId: number, chatId: number, keyboard: ReplyButton[][] | undefined) {
      const chat = chatOf(botId, chatId);
      if (keyboard) chat.replyKeyboard = keyboard;
      else delete chat.replyKeyboard;
      onChange();
    },
    setDraft(botId: number, chatId: number, draft: { draftId: number; text: string }) {
      chatOf(botId, chatId).draft = draft;
      onChange();
    },
    /** What the bot answered a button press with; numbered like messages, so never reused. */
    setNotice(botId: number, chatId: number, notice: { text: string; showAlert: boolean }) {
      chatOf(botId, chatId).notice = { noticeId: nextMessageId++, ...notice };
      onChange();
    },
    /** A copy, so the page (or a test) can never change what is kept. */
    view(botId: number, chatId: number, botUsername: string): ChatView {
      const chat = chats.get(keyOf(botId, chatId));
      return structuredClone({
        botUsername,
        personId: chatId,
        messages: chat?.messages ?? [],
        ...(chat?.replyKeyboard && { replyKeyboard: chat.replyKeyboard }),
        ...(chat?.draft && { draft: chat.draft }),
        ...(chat?.notice && { notice: chat.notice }),
      });
    },
    snapshot: (): ChatStoreSnapshot => ({ nextMessageId, chats: [...chats.values()] }),
    restore(snapshot: ChatStoreSnapshot): void {
      nextMessageId = Math.max(nextMessageId, snapshot.nextMessageId);
      for (const chat of snapshot.chats) chats.set(keyOf(chat.botId, chat.chatId), chat);
    },
    /** Forgets every chat; message ids keep counting, so an old id never comes back. */
    clear(): void {
      chats.clear();
      onChange();
    },
  };
}

export type ChatStore = ReturnType<typeof createChatStore>;
