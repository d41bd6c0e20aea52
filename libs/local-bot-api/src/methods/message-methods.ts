import { isDeepStrictEqual } from 'node:util';
import { type ApiAnswer, accepted, badRequest } from '../api-answer';
import { botIdOf } from '../bot-directory';
import { inlineKeyboardOf, refuseReplyMarkup } from '../keyboard-rules';
import type { ChatMessage } from '../local-chats';
import type { RecordedCall } from '../recording';
import { refuseText } from '../text-rules';
import { answerWithMessage, keyboardFieldOf, postToChat, textFieldsOf } from './chat-posting';
import { type MethodContext, type MethodTable, personChatOf } from './method-context';

const NOT_MODIFIED = badRequest(
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
);

const unixNow = () => Math.floor(Date.now() / 1000);

/** Messages: sent, streamed as a draft, edited and deleted, with Telegram's rules. */
export const messageMethods: MethodTable = {
  sendMessage(call, context) {
    const refusal =
      refuseText(call.params, { isEmptyAllowed: false }) ??
      refuseReplyMarkup(call.params.reply_markup);
    if (refusal) return refusal;
    return postToChat(call, context, {
      from: 'bot',
      ...textFieldsOf(call.params, 'text'),
      ...keyboardFieldOf(call.params),
    });
  },

  sendMessageDraft({ token, params }, { chats, recording }) {
    const chatId = personChatOf(params);
    if (chatId !== undefined && recording.isDraftRefused(chatId)) {
      return badRequest('TEXTDRAFT_PEER_INVALID');
    }
    const refusal = refuseText(params, { isEmptyAllowed: true });
    if (refusal) return refusal;
    if (chatId !== undefined) {
      const draft = { draftId: Number(params.draft_id), text: String(params.text ?? '') };
      chats.setDraft(botIdOf(token), chatId, draft);
      recording.recordDraft(chatId, draft);
    }
    return accepted(true);
  },

  editMessageText(call, context) {
    const refusal =
      refuseText(call.params, { isEmptyAllowed: false }) ??
      refuseReplyMarkup(call.params.reply_markup);
    if (refusal) return refusal;
    return editKept(call, context, unknownEdited(call.params), (message) => {
      if (context.isStrict && (message.text === undefined || isMedia(message))) {
        return badRequest('there is no text in the message to edit');
      }
      const text = textFieldsOf(call.params, 'text');
      const isSame =
        message.text === text.text &&
        parsesAlike(message.text, message.parseMode, text.parseMode) &&
        isDeepStrictEqual(message.inlineKeyboard, inlineKeyboardOf(call.params.reply_markup));
      if (isSame) return 'unchanged';
      return (kept) => {
        kept.text = text.text;
        if (text.parseMode === undefined) delete kept.parseMode;
        else kept.parseMode = text.parseMode;
      };
    });
  },

  editMessageReplyMarkup(call, context) {
    const refusal = refuseReplyMarkup(call.params.reply_markup);
    if (refusal) return refusal;
    return editKept(call, context, accepted(true), (message) =>
      isDeepStrictEqual(message.inlineKeyboard, inlineKeyboardOf(call.params.reply_markup))
        ? 'unchanged'
        : () => {},
    );
  },

  deleteMessage({ token, params }, { chats, isStrict }) {
    const chatId = personChatOf(params);
    const isDeleted =
      chatId !== undefined && chats.remove(botIdOf(token), chatId, Number(params.message_id));
    return isDeleted || !isStrict ? accepted(true) : badRequest('message to delete not found');
  },
};

type EditPlan = ApiAnswer | 'unchanged' | ((message: ChatMessage) => void);

/**
 * An edit of a kept message: `plan` refuses it, finds it changes nothing, or says what to
 * change; the inline keyboard always becomes the call's (none when the call has none, as
 * Telegram drops a keyboard an edit does not repeat). A message this API never saw is
 * answered as edited unless strict, as the tests' made-up message ids need.
 */
function editKept(
  call: RecordedCall,
  context: MethodContext,
  unknownAnswer: ApiAnswer,
  plan: (message: ChatMessage) => EditPlan,
): ApiAnswer {
  const { params, token } = call;
  if (params.inline_message_id !== undefined) return accepted(true);
  const chatId = personChatOf(params);
  const botId = botIdOf(token);
  const messageId = Number(params.message_id);
  const message = chatId === undefined ? undefined : context.chats.find(botId, chatId, messageId);
  if (!message || chatId === undefined) {
    return context.isStrict ? badRequest('message to edit not found') : unknownAnswer;
  }
  if (context.isStrict && message.from === 'person') return badRequest("message can't be edited");
  const change = plan(message);
  if (change === 'unchanged') {
    return context.isStrict ? NOT_MODIFIED : answerWithMessage(call, context, message);
  }
  if (typeof change !== 'function') return change;
  context.chats.edit(botId, chatId, messageId, (kept) => {
    change(kept);
    const keyboard = inlineKeyboardOf(params.reply_markup);
    if (keyboard) kept.inlineKeyboard = keyboard;
    else delete kept.inlineKeyboard;
    kept.editDate = unixNow();
  });
  return answerWithMessage(call, context, message);
}

/**
 * Whether the same text reads the same under both parse modes: Telegram compares what the
 * parse gives, so plain text sent again with parse_mode HTML is no change.
 */
const parsesAlike = (text: string | undefined, before: unknown, after: unknown) =>
  before === after || !/[<&]/.test(text ?? '');

/** What the tests have always been answered for an edited text this API never saw. */
const unknownEdited = (params: Record<string, unknown>) =>
  accepted({
    message_id: params.message_id,
    date: unixNow(),
    chat: { id: params.chat_id, type: 'private' },
    text: params.text,
  });

const isMedia = (message: ChatMessage) =>
  message.photo !== undefined || message.document !== undefined || message.invoice !== undefined;
