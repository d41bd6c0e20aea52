import type { Update } from 'grammy/types';

/** Update ids are unique across a test run, as Telegram's are for a bot. */
let lastUpdateId = Math.floor(Math.random() * 1_000_000) * 1000;
export const nextUpdateId = () => ++lastUpdateId;

export interface Person {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
}

const userOf = (person: Person) => ({
  id: person.id,
  is_bot: false,
  first_name: person.first_name ?? 'Тест',
  ...(person.last_name && { last_name: person.last_name }),
  ...(person.username && { username: person.username }),
  language_code: 'ru',
});

const privateChatOf = (person: Person) => ({
  id: person.id,
  type: 'private' as const,
  first_name: person.first_name ?? 'Тест',
});

/** A text message in the person's private chat with the bot. Commands get their entity. */
export function textMessage(from: Person, text: string, updateId = nextUpdateId()): Update {
  const command = /^\/\w+/.exec(text);
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: privateChatOf(from),
      from: userOf(from),
      text,
      ...(command && { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] }),
    },
  } as Update;
}

/** A press on an inline button under one of the bot's messages. */
export function buttonPress(
  from: Person,
  data: string,
  messageId = 1,
  updateId = nextUpdateId(),
): Update {
  return {
    update_id: updateId,
    callback_query: {
      id: `cbq-${updateId}`,
      from: userOf(from),
      chat_instance: `ci-${from.id}`,
      data,
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: privateChatOf(from),
        text: '…',
      },
    },
  } as Update;
}

/** Telegram asking the bot to confirm a Stars payment about to be made (no chat). */
export function preCheckoutQuery(
  from: Person,
  invoice: { payload: string; totalAmount: number; currency?: string },
  updateId = nextUpdateId(),
): Update {
  return {
    update_id: updateId,
    pre_checkout_query: {
      id: `pcq-${updateId}`,
      from: userOf(from),
      currency: invoice.currency ?? 'XTR',
      total_amount: invoice.totalAmount,
      invoice_payload: invoice.payload,
    },
  } as Update;
}

/** A service message in the person's private chat, e.g. a payment's. */
function serviceMessage(from: Person, fields: Record<string, unknown>, updateId: number): Update {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: privateChatOf(from),
      from: userOf(from),
      ...fields,
    },
  } as Update;
}

/** The service message of a completed Stars payment, a subscription's renewal included. */
export function successfulPayment(
  from: Person,
  payment: {
    payload: string;
    totalAmount: number;
    chargeId: string;
    subscriptionExpiresAt?: Date;
    isRecurring?: boolean;
    isFirstRecurring?: boolean;
  },
  updateId = nextUpdateId(),
): Update {
  const expires = payment.subscriptionExpiresAt;
  return serviceMessage(
    from,
    {
      successful_payment: {
        currency: 'XTR',
        total_amount: payment.totalAmount,
        invoice_payload: payment.payload,
        telegram_payment_charge_id: payment.chargeId,
        provider_payment_charge_id: '',
        ...(expires && { subscription_expiration_date: Math.floor(expires.getTime() / 1000) }),
        ...(payment.isRecurring && { is_recurring: true }),
        ...(payment.isFirstRecurring && { is_first_recurring: true }),
      },
    },
    updateId,
  );
}

/** The service message Telegram sends when a Stars payment was refunded. */
export function refundedPayment(
  from: Person,
  payment: { payload: string; totalAmount: number; chargeId: string },
  updateId = nextUpdateId(),
): Update {
  return serviceMessage(
    from,
    {
      refunded_payment: {
        currency: 'XTR',
        total_amount: payment.totalAmount,
        invoice_payload: payment.payload,
        telegram_payment_charge_id: payment.chargeId,
      },
    },
    updateId,
  );
}
