import { type ApiAnswer, accepted, badRequest } from '../api-answer';
import { botIdOf } from '../bot-directory';
import { refuseReplyMarkup } from '../keyboard-rules';
import type { ChatInvoice } from '../local-chats';
import { keyboardFieldOf, postToChat } from './chat-posting';
import type { MethodTable } from './method-context';

const STARS = 'XTR';
/** The only subscription period Telegram takes: 30 days. */
export const SUBSCRIPTION_PERIOD = 2_592_000;

/**
 * The Bot API's Stars methods as Telegram checks them: invoices in XTR with an empty
 * provider_token and exactly one price; subscriptions only through createInvoiceLink and
 * only for 30 days; a pre-checkout answer needs error_message when it refuses; a charge
 * is refunded once (CHARGE_ALREADY_REFUNDED after that); a subscription is cancelled
 * (editUserStarSubscription) by the user's id and a charge id. Invoices are kept (a
 * message, or a link) so the person can pay them.
 */
export const paymentMethods: MethodTable = {
  sendInvoice(call, context) {
    const refusal = refuseInvoice(call.params) ?? refuseReplyMarkup(call.params.reply_markup);
    if (refusal) return refusal;
    if (call.params.subscription_period !== undefined) {
      return badRequest('SUBSCRIPTION_PERIOD_INVALID');
    }
    return postToChat(call, context, {
      from: 'bot',
      invoice: invoiceOf(call.params),
      ...keyboardFieldOf(call.params),
    });
  },

  createInvoiceLink({ token, params }, { invoiceLinks }) {
    const refusal = refuseInvoice(params);
    if (refusal) return refusal;
    if (
      params.subscription_period !== undefined &&
      Number(params.subscription_period) !== SUBSCRIPTION_PERIOD
    ) {
      return badRequest('SUBSCRIPTION_PERIOD_INVALID');
    }
    return accepted(invoiceLinks.create(botIdOf(token), invoiceOf(params)));
  },

  answerPreCheckoutQuery({ params }, { preCheckouts }) {
    if (typeof params.pre_checkout_query_id !== 'string') return badRequest('QUERY_ID_INVALID');
    if (params.ok === false && !params.error_message) return badRequest('ERROR_MESSAGE_EMPTY');
    preCheckouts.answer(
      params.pre_checkout_query_id,
      params.ok === false
        ? { ok: false, errorMessage: String(params.error_message) }
        : { ok: true },
    );
    return accepted(true);
  },

  refundStarPayment({ params }, { refundedCharges }) {
    const charge = String(params.telegram_payment_charge_id ?? '');
    if (!charge || typeof params.user_id !== 'number') return badRequest('CHARGE_ID_INVALID');
    if (refundedCharges.has(charge)) return badRequest('CHARGE_ALREADY_REFUNDED');
    refundedCharges.add(charge);
    return accepted(true);
  },

  editUserStarSubscription({ params }) {
    // Telegram answers True for a subscription it knows; this API does not tie charges to
    // subscriptions, so it checks the parameters only. A test makes Telegram refuse with respond().
    if (typeof params.user_id !== 'number') return badRequest('USER_ID_INVALID');
    if (
      typeof params.telegram_payment_charge_id !== 'string' ||
      !params.telegram_payment_charge_id
    ) {
      return badRequest('CHARGE_ID_INVALID');
    }
    if (typeof params.is_canceled !== 'boolean') {
      return badRequest('parameter "is_canceled" is required');
    }
    return accepted(true);
  },
};

function refuseInvoice(params: Record<string, unknown>): ApiAnswer | null {
  if (!params.title || !params.description || !params.payload) {
    return badRequest('INVOICE_FIELDS_EMPTY');
  }
  if (params.currency !== STARS) return badRequest('CURRENCY_INVALID');
  if (params.provider_token !== undefined && params.provider_token !== '') {
    return badRequest('PROVIDER_TOKEN_INVALID');
  }
  const prices = params.prices as { label?: string; amount?: unknown }[] | undefined;
  if (
    !Array.isArray(prices) ||
    prices.length !== 1 ||
    !Number.isInteger(prices[0]?.amount) ||
    Number(prices[0]?.amount) <= 0
  ) {
    return badRequest('PRICES_INVALID');
  }
  return null;
}

/** An invoice that passed refuseInvoice, as a chat keeps it. */
function invoiceOf(params: Record<string, unknown>): ChatInvoice {
  return {
    title: String(params.title),
    description: String(params.description),
    payload: String(params.payload),
    currency: String(params.currency),
    totalAmount: Number((params.prices as { amount: number }[])[0]?.amount),
    ...(params.subscription_period !== undefined && {
      subscriptionPeriod: Number(params.subscription_period),
    }),
  };
}
