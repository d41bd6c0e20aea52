import { type ApiAnswer, accepted } from '../api-answer';
import { botIdOf } from '../bot-directory';
import type { NewMessage } from '../chat-store';
import { inlineKeyboardOf, replyKeyboardChange } from '../keyboard-rules';
import type { ChatMessage } from '../local-chats';
import type { RecordedCall } from '../recording';
import { telegramMessageOf } from '../telegram-message';
import { type MethodContext, personChatOf } from './method-context';

/** A call's answer with the message as Telegram returns it. */
export function answerWithMessage(
  call: RecordedCall,
  context: MethodContext,
  message: ChatMessage,
): ApiAnswer {
  const bot = { id: botIdOf(call.token), identity: context.bots.identityOf(call.token) };
  return accepted(
    telegramMessageOf(message, call.params.chat_id as number | string, bot, context.files.describe),
  );
}

/**
 * A new bot message in the chat the call names (sendMessage, sendPhoto, sendDocument,
 * sendInvoice): kept with the chat, with the reply keyboard it sets or removes.
 */
export function postToChat(call: RecordedCall, context: MethodContext, fields: NewMessage) {
  const chatId = personChatOf(call.params);
  if (chatId === undefined) {
    const date = Math.floor(Date.now() / 1000);
    return answerWithMessage(call, context, {
      messageId: context.chats.takeMessageId(),
      date,
      ...fields,
    });
  }
  const botId = botIdOf(call.token);
  const message = context.chats.add(botId, chatId, fields);
  const keyboard = replyKeyboardChange(call.params.reply_markup);
  if (keyboard === 'remove') context.chats.setReplyKeyboard(botId, chatId, undefined);
  else if (keyboard) context.chats.setReplyKeyboard(botId, chatId, keyboard.keyboard);
  return answerWithMessage(call, context, message);
}

/** The text fields of a message as the call gives them. */
export function textFieldsOf(params: Record<string, unknown>, field: 'text' | 'caption') {
  const text = params[field];
  return {
    ...(typeof text === 'string' && { text }),
    ...(typeof params.parse_mode === 'string' && { parseMode: params.parse_mode }),
  };
}

/** The inline keyboard a new message carries, as a ChatMessage field. */
export function keyboardFieldOf(params: Record<string, unknown>) {
  const keyboard = inlineKeyboardOf(params.reply_markup);
  return keyboard ? { inlineKeyboard: keyboard } : {};
}
