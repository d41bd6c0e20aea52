/**
 * What the local Bot API keeps of each private chat between a person and a bot, so the
 * playground can show it and Telegram's rules that depend on history (an edit that changes
 * nothing, a button pressed on a message) can be checked. This file is the contract between
 * the Bot API (libs/local-bot-api) and the playground's page (services/playground).
 */

/** A bot the local Bot API knows by its token: getMe answers with these. */
export interface LocalBotIdentity {
  /** The token the bot's service is configured with: `<id>:<secret>`. */
  token: string;
  /** Without the @, as getMe gives it and t.me links carry it. */
  username: string;
  firstName: string;
}

/** A person in the playground, as Telegram describes a user in updates. */
export interface LocalPerson {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
}

/** An inline keyboard button as the bot sent it (Telegram's InlineKeyboardButton, as is). */
export type InlineButton = {
  text: string;
  callback_data?: string;
  url?: string;
  web_app?: { url: string };
  copy_text?: { text: string };
};

/** A reply keyboard button: pressing it sends its text as a message. */
export type ReplyButton = { text: string } | string;

export interface ChatMessage {
  messageId: number;
  /** Who wrote it: the bot, or the person. */
  from: 'bot' | 'person';
  /** Unix seconds. */
  date: number;
  /** Set once the bot edited it (editMessageText, editMessageReplyMarkup). */
  editDate?: number;
  /** Message text or media caption as sent. */
  text?: string;
  /** How `text` is to be read: 'HTML' is rendered as Telegram HTML; anything else as plain text. */
  parseMode?: string;
  inlineKeyboard?: InlineButton[][];
  photo?: StoredFileRef;
  document?: StoredFileRef;
  invoice?: ChatInvoice;
  /** A service message of a payment, on the person's side. */
  payment?: { currency: string; totalAmount: number; chargeId: string; payload: string };
}

export interface StoredFileRef {
  fileId: string;
  fileName?: string;
  mimeType?: string;
  size: number;
}

export interface ChatInvoice {
  title: string;
  description: string;
  payload: string;
  currency: string;
  /** In the currency's smallest unit; in Stars, whole Stars. */
  totalAmount: number;
  /** Seconds, for a subscription (createInvoiceLink only). */
  subscriptionPeriod?: number;
  /** Set once paid: a second payment of the same invoice message is refused. */
  paidChargeId?: string;
}

/** A private chat: one person with one bot. */
export interface ChatView {
  botUsername: string;
  personId: number;
  messages: ChatMessage[];
  /** The reply keyboard the bot set last (reply_markup.keyboard), until it removed it. */
  replyKeyboard?: ReplyButton[][];
  /** The draft the bot is streaming (sendMessageDraft), until it sends a message. */
  draft?: { draftId: number; text: string };
  /**
   * The bot's latest answer with words to a button press (answerCallbackQuery with text):
   * Telegram shows it over the chat for a moment, or as an alert with showAlert. A new
   * `noticeId` is a new notice, so the page shows each once.
   */
  notice?: { noticeId: number; text: string; showAlert: boolean };
}

/** What one action of the person led to, for the page to say when something went wrong. */
export type PersonActionResult = { ok: true; messageId?: number } | { ok: false; reason: string };
