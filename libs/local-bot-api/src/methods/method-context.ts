import type { ApiAnswer } from '../api-answer';
import type { BotDirectory } from '../bot-directory';
import type { ChatStore } from '../chat-store';
import type { FileStore } from '../file-store';
import type { InvoiceLinks } from '../invoice-links';
import type { PreCheckoutWaits } from '../pre-checkout-waits';
import type { RecordedCall, Recording } from '../recording';
import type { WebhookDelivery } from '../webhook-delivery';

/** What the Bot API's methods read and change. */
export interface MethodContext {
  bots: BotDirectory;
  chats: ChatStore;
  files: FileStore;
  invoiceLinks: InvoiceLinks;
  deliveries: WebhookDelivery;
  preCheckouts: PreCheckoutWaits;
  recording: Recording;
  /** Charges refunded so far: Telegram refunds a charge once. */
  refundedCharges: Set<string>;
  /** The chat of each button press not answered yet, by callback query id. */
  pressesAwaitingAnswer: Map<string, { botId: number; chatId: number }>;
  /**
   * Edits and deletes must name a message this API keeps, and an edit must change it, as
   * Telegram demands. Off for the tests, whose updates carry message ids no bot sent here.
   */
  isStrict: boolean;
}

export type MethodHandler = (
  call: RecordedCall,
  context: MethodContext,
) => ApiAnswer | Promise<ApiAnswer>;

/** Bot API methods by name. */
export type MethodTable = Readonly<Record<string, MethodHandler>>;

/**
 * The private chat a call is about, as a number; undefined for a chat that is no person's
 * (a channel's @username), whose messages are answered but not kept.
 */
export function personChatOf(params: Record<string, unknown>): number | undefined {
  const chatId = Number(params.chat_id);
  return Number.isSafeInteger(chatId) ? chatId : undefined;
}
