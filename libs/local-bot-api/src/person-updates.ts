import { randomBytes } from 'node:crypto';
import type { Update } from 'grammy/types';
import type { ChatInvoice, ChatMessage, LocalPerson } from './local-chats';

/**
 * The updates Telegram makes of what a person does, shaped as grammY's Update type says.
 * Ids of queries are long decimal strings, as Telegram's are.
 */

export const queryIdOf = () => BigInt(`0x${randomBytes(8).toString('hex')}`).toString();

const userOf = (person: LocalPerson) => ({
  id: person.id,
  is_bot: false as const,
  first_name: person.firstName,
  ...(person.lastName && { last_name: person.lastName }),
  ...(person.username && { username: person.username }),
  ...(person.languageCode && { language_code: person.languageCode }),
});

const privateChatOf = (person: LocalPerson) => ({
  id: person.id,
  type: 'private' as const,
  first_name: person.firstName,
  ...(person.lastName && { last_name: person.lastName }),
  ...(person.username && { username: person.username }),
});

/** A /command (with the bot's @username or without) at the start of a text. */
const COMMAND = /^\/[A-Za-z0-9_]{1,32}(?:@\w+)?/;

/** A text the person wrote; a leading /command gets its bot_command entity. */
export function textMessageUpdate(updateId: number, person: LocalPerson, message: ChatMessage) {
  const text = message.text ?? '';
  const command = COMMAND.exec(text);
  return {
    update_id: updateId,
    message: {
      message_id: message.messageId,
      from: userOf(person),
      chat: privateChatOf(person),
      date: message.date,
      text,
      ...(command && { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] }),
    },
  } as Update;
}

/** A press on an inline button: `botMessage` is the message as Telegram gives it. */
export function callbackQueryUpdate(
  updateId: number,
  person: LocalPerson,
  botMessage: Record<string, unknown>,
  data: string,
  botId: number,
  queryId: string,
) {
  return {
    update_id: updateId,
    callback_query: {
      id: queryId,
      from: userOf(person),
      message: { ...botMessage, chat: privateChatOf(person) },
      // Telegram's one identifier for the chat a button was pressed in.
      chat_instance: `${botId}${person.id}`,
      data,
    },
  } as Update;
}

/** Telegram asking the bot whether the person may pay (there is no chat in it). */
export function preCheckoutQueryUpdate(
  updateId: number,
  person: LocalPerson,
  queryId: string,
  invoice: ChatInvoice,
) {
  return {
    update_id: updateId,
    pre_checkout_query: {
      id: queryId,
      from: userOf(person),
      currency: invoice.currency,
      total_amount: invoice.totalAmount,
      invoice_payload: invoice.payload,
    },
  } as Update;
}

/**
 * The person's service message of a completed payment. A subscription's first payment
 * says when it runs out, and that it recurs.
 */
export function successfulPaymentUpdate(
  updateId: number,
  person: LocalPerson,
  message: ChatMessage,
  invoice: ChatInvoice,
  providerChargeId: string,
) {
  const payment = message.payment;
  if (!payment) throw new Error('successfulPaymentUpdate needs a payment message');
  const period = invoice.subscriptionPeriod;
  return {
    update_id: updateId,
    message: {
      message_id: message.messageId,
      from: userOf(person),
      chat: privateChatOf(person),
      date: message.date,
      successful_payment: {
        currency: payment.currency,
        total_amount: payment.totalAmount,
        invoice_payload: payment.payload,
        telegram_payment_charge_id: payment.chargeId,
        provider_payment_charge_id: providerChargeId,
        ...(period !== undefined && {
          subscription_expiration_date: message.date + period,
          is_recurring: true,
          is_first_recurring: true,
        }),
      },
    },
  } as Update;
}
