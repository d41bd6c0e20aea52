import type { InlineKeyboardMarkup } from 'grammy/types';

/**
 * The final answer as Bot API calls: the placeholder, if the fallback sent one, becomes
 * the first part; the rest are new messages; buttons go under the last one.
 */
export function answerCalls(
  chatId: number,
  placeholderMessageId: number | null,
  htmlParts: readonly string[],
  replyMarkup: InlineKeyboardMarkup | undefined,
) {
  return htmlParts.map((text, index) => {
    const markup =
      index === htmlParts.length - 1 && replyMarkup ? { reply_markup: replyMarkup } : {};
    if (index === 0 && placeholderMessageId !== null) {
      return {
        method: 'editMessageText',
        payload: {
          chat_id: chatId,
          message_id: placeholderMessageId,
          text,
          parse_mode: 'HTML',
          ...markup,
        },
      };
    }
    return {
      method: 'sendMessage',
      payload: { chat_id: chatId, text, parse_mode: 'HTML', ...markup },
    };
  });
}
