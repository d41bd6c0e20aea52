import type { StoredFile } from './file-store';
import type { ChatMessage, LocalBotIdentity } from './local-chats';
import { visibleText } from './text-rules';

/** The bot as Telegram shows it in `from`: its token's id, name and @username. */
export interface BotUser {
  id: number;
  identity: LocalBotIdentity;
}

/**
 * A kept bot message as Telegram's Message object: what sendMessage and the edits answer
 * with, and what a callback_query carries. The text is as the person sees it (HTML parsed
 * away, as Telegram gives it back); entities are not rebuilt, as no bot reads them back.
 */
export function telegramMessageOf(
  message: ChatMessage,
  chatId: number | string,
  bot: BotUser,
  describeFile: (fileId: string) => StoredFile | undefined,
): Record<string, unknown> {
  const text =
    message.text === undefined ? undefined : visibleText(message.text, message.parseMode);
  const isMedia = message.photo !== undefined || message.document !== undefined;
  return {
    message_id: message.messageId,
    from: {
      id: bot.id,
      is_bot: true,
      first_name: bot.identity.firstName,
      username: bot.identity.username,
    },
    chat: { id: chatId, type: 'private' },
    date: message.date,
    ...(message.editDate !== undefined && { edit_date: message.editDate }),
    ...(text !== undefined && (isMedia ? { caption: text } : { text })),
    ...(message.photo && { photo: [photoSizeOf(message.photo.fileId, describeFile)] }),
    ...(message.document && {
      document: {
        file_id: message.document.fileId,
        file_unique_id: describeFile(message.document.fileId)?.fileUniqueId ?? '',
        ...(message.document.fileName && { file_name: message.document.fileName }),
        ...(message.document.mimeType && { mime_type: message.document.mimeType }),
        file_size: message.document.size,
      },
    }),
    ...(message.invoice && {
      invoice: {
        title: message.invoice.title,
        description: message.invoice.description,
        start_parameter: '',
        currency: message.invoice.currency,
        total_amount: message.invoice.totalAmount,
      },
    }),
    ...(message.inlineKeyboard && { reply_markup: { inline_keyboard: message.inlineKeyboard } }),
  };
}

function photoSizeOf(fileId: string, describeFile: (fileId: string) => StoredFile | undefined) {
  const file = describeFile(fileId);
  return {
    file_id: fileId,
    file_unique_id: file?.fileUniqueId ?? '',
    width: file?.width ?? 1,
    height: file?.height ?? 1,
    file_size: file?.size ?? 0,
  };
}
