import { randomBytes } from 'node:crypto';
import { botIdOf } from './bot-directory';
import type { ChatInvoice, LocalBotIdentity, LocalPerson, PersonActionResult } from './local-chats';
import type { MethodContext } from './methods/method-context';
import {
  callbackQueryUpdate,
  preCheckoutQueryUpdate,
  queryIdOf,
  successfulPaymentUpdate,
  textMessageUpdate,
} from './person-updates';
import { TELEGRAM_MESSAGE_LIMIT } from './telegram-html';
import { telegramMessageOf } from './telegram-message';

/** Telegram holds a payment this long for the bot's answer to the pre-checkout query. */
const PRE_CHECKOUT_TIMEOUT_MS = 10_000;

/** Telegram waits about 15 s for an answer; a thousand presses outlast that in any playground. */
const MAX_PRESSES_AWAITING_ANSWER = 1_000;

const refused = (reason: string): PersonActionResult => ({ ok: false, reason });

/**
 * What a person does in the playground, turned into updates for the bot's webhook as
 * Telegram would turn it: a message, a button press, a payment. What the person wrote is
 * kept in the chat; the update is queued for the bot (see webhook-delivery.ts).
 */
export function createPersonSide(context: MethodContext) {
  const { bots, chats, deliveries, invoiceLinks, preCheckouts } = context;

  const botNamed = (username: string): LocalBotIdentity | string =>
    bots.byUsername(username) ??
    `no bot @${username.replace(/^@/, '')} has called this Bot API yet: start its service first`;

  /** Kept until the bot answers; a bot that never answers must not grow it for ever. */
  const rememberPress = (queryId: string, chat: { botId: number; chatId: number }) => {
    const presses = context.pressesAwaitingAnswer;
    presses.set(queryId, chat);
    if (presses.size > MAX_PRESSES_AWAITING_ANSWER) {
      presses.delete(presses.keys().next().value as string);
    }
  };

  return {
    sendText(botUsername: string, person: LocalPerson, text: string): PersonActionResult {
      const bot = botNamed(botUsername);
      if (typeof bot === 'string') return refused(bot);
      if (text.trim() === '') return refused('an empty message cannot be sent');
      if (text.length > TELEGRAM_MESSAGE_LIMIT) {
        return refused(`a message holds at most ${TELEGRAM_MESSAGE_LIMIT} characters`);
      }
      const message = chats.add(botIdOf(bot.token), person.id, { from: 'person', text });
      deliveries.enqueue(bot.token, (updateId) => textMessageUpdate(updateId, person, message));
      return { ok: true, messageId: message.messageId };
    },

    pressButton(
      botUsername: string,
      person: LocalPerson,
      messageId: number,
      callbackData: string,
    ): PersonActionResult {
      const bot = botNamed(botUsername);
      if (typeof bot === 'string') return refused(bot);
      const botId = botIdOf(bot.token);
      const message = chats.find(botId, person.id, messageId);
      if (message?.from !== 'bot') {
        return refused(`there is no message ${messageId} from the bot in this chat`);
      }
      const buttons = message.inlineKeyboard?.flat() ?? [];
      if (!buttons.some((button) => button.callback_data === callbackData)) {
        return refused(`message ${messageId} has no button with callback_data "${callbackData}"`);
      }
      const shown = telegramMessageOf(
        message,
        person.id,
        { id: botId, identity: bot },
        context.files.describe,
      );
      const queryId = queryIdOf();
      rememberPress(queryId, { botId, chatId: person.id });
      deliveries.enqueue(bot.token, (updateId) =>
        callbackQueryUpdate(updateId, person, shown, callbackData, botId, queryId),
      );
      return { ok: true, messageId };
    },

    async payInvoice(
      botUsername: string,
      person: LocalPerson,
      target: { messageId: number } | { link: string },
    ): Promise<PersonActionResult> {
      const bot = botNamed(botUsername);
      if (typeof bot === 'string') return refused(bot);
      const botId = botIdOf(bot.token);
      const invoice = invoiceToPay(botId, person, target);
      if (typeof invoice === 'string') return refused(invoice);

      const queryId = queryIdOf();
      const answered = preCheckouts.wait(queryId, PRE_CHECKOUT_TIMEOUT_MS);
      deliveries.enqueue(bot.token, (updateId) =>
        preCheckoutQueryUpdate(updateId, person, queryId, invoice),
      );
      const answer = await answered;
      if (answer === 'no answer') {
        return refused('the bot did not answer the pre-checkout query in 10 s');
      }
      if (!answer.ok) return refused(answer.errorMessage);
      // Asked again: the same invoice may have been paid while the bot was thinking.
      if (typeof invoiceToPay(botId, person, target) === 'string') {
        return refused('this invoice is already paid');
      }

      const chargeId = `stx${randomBytes(24).toString('hex')}`;
      if ('messageId' in target) {
        chats.edit(botId, person.id, target.messageId, (message) => {
          if (message.invoice) message.invoice.paidChargeId = chargeId;
        });
      }
      const payment = chats.add(botId, person.id, {
        from: 'person',
        payment: {
          currency: invoice.currency,
          totalAmount: invoice.totalAmount,
          chargeId,
          payload: invoice.payload,
        },
      });
      const providerChargeId = `${person.id}_${payment.messageId}`;
      deliveries.enqueue(bot.token, (updateId) =>
        successfulPaymentUpdate(updateId, person, payment, invoice, providerChargeId),
      );
      return { ok: true, messageId: payment.messageId };
    },
  };

  /** The invoice the person means, or why it cannot be paid. */
  function invoiceToPay(
    botId: number,
    person: LocalPerson,
    target: { messageId: number } | { link: string },
  ): ChatInvoice | string {
    if ('link' in target) {
      const link = invoiceLinks.find(target.link);
      return link && link.botId === botId
        ? link.invoice
        : `there is no invoice link ${target.link} from this bot`;
    }
    const message = chats.find(botId, person.id, target.messageId);
    if (!message?.invoice || message.from !== 'bot') {
      return `there is no invoice message ${target.messageId} in this chat`;
    }
    if (message.invoice.paidChargeId) return 'this invoice is already paid';
    return message.invoice;
  }
}

export type PersonSide = ReturnType<typeof createPersonSide>;
