import { accepted, badRequest } from '../api-answer';
import type { MethodTable } from './method-context';

/** answerCallbackQuery's text: 0 to 200 characters. */
const CALLBACK_ANSWER_LIMIT = 200;

/** Who the bot is, where its updates go, and calls that change nothing a chat keeps. */
export const setupMethods: MethodTable = {
  getMe: ({ token }, { bots }) => accepted(bots.getMe(token)),

  setWebhook({ token, params }, { deliveries }) {
    const url = typeof params.url === 'string' ? params.url : '';
    // An empty url is how Telegram is told to stop sending updates.
    if (url === '') {
      deliveries.deleteWebhook(token, { dropPendingUpdates: params.drop_pending_updates === true });
      return accepted(true);
    }
    if (!URL.canParse(url)) return badRequest('bad webhook: invalid URL');
    if (params.drop_pending_updates === true) {
      deliveries.deleteWebhook(token, { dropPendingUpdates: true });
    }
    // Without allowed_updates, Telegram keeps the list the bot gave before.
    const allowedUpdates = Array.isArray(params.allowed_updates)
      ? params.allowed_updates.map(String)
      : deliveries.webhookOf(token)?.allowedUpdates;
    deliveries.setWebhook(token, {
      url,
      ...(typeof params.secret_token === 'string' && { secretToken: params.secret_token }),
      ...(allowedUpdates && { allowedUpdates }),
    });
    return accepted(true);
  },

  deleteWebhook({ token, params }, { deliveries }) {
    deliveries.deleteWebhook(token, { dropPendingUpdates: params.drop_pending_updates === true });
    return accepted(true);
  },

  getWebhookInfo: ({ token }, { deliveries }) => accepted(deliveries.info(token)),

  answerCallbackQuery({ params }, { chats, pressesAwaitingAnswer }) {
    const text = typeof params.text === 'string' ? params.text : '';
    if (text.length > CALLBACK_ANSWER_LIMIT) return badRequest('MESSAGE_TOO_LONG');
    const queryId = String(params.callback_query_id ?? '');
    const chat = pressesAwaitingAnswer.get(queryId);
    pressesAwaitingAnswer.delete(queryId);
    // A press made in the playground shows its answer; a test's made-up press has no chat.
    if (chat && text !== '') {
      chats.setNotice(chat.botId, chat.chatId, { text, showAlert: params.show_alert === true });
    }
    return accepted(true);
  },
  // Answered as Telegram answers them; nothing of them shows in a kept chat.
  setMyCommands: () => accepted(true),
  setChatMenuButton: () => accepted(true),
  sendChatAction: () => accepted(true),
};
