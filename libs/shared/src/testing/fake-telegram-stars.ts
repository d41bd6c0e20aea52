import type { ApiAnswer, RecordedCall } from './fake-telegram';

const STARS = 'XTR';
const SUBSCRIPTION_PERIOD = 2_592_000;

/**
 * The Bot API's Stars methods as Telegram checks them: invoices in XTR with an empty
 * provider_token and exactly one price; subscriptions only through createInvoiceLink and
 * only for 30 days; a pre-checkout answer needs error_message when it refuses; a charge
 * is refunded once (CHARGE_ALREADY_REFUNDED after that); a subscription is cancelled
 * (editUserStarSubscription) by the user's id and a charge id. Undefined for other methods.
 */
export class FakeStars {
  readonly #refunded = new Set<string>();
  #nextLink = 1;

  answer(call: RecordedCall, nextMessageId: () => number): ApiAnswer | undefined {
    const { method, params } = call;
    switch (method) {
      case 'sendInvoice': {
        const refusal = refuseInvoice(params);
        if (refusal) return refusal;
        if (params.subscription_period !== undefined) {
          return badRequest('SUBSCRIPTION_PERIOD_INVALID');
        }
        return {
          ok: true,
          result: {
            message_id: nextMessageId(),
            date: Math.floor(Date.now() / 1000),
            chat: { id: params.chat_id, type: 'private' },
            invoice: {
              title: params.title,
              description: params.description,
              start_parameter: '',
              currency: params.currency,
              total_amount: (params.prices as { amount: number }[])[0]?.amount,
            },
          },
        };
      }
      case 'createInvoiceLink': {
        const refusal = refuseInvoice(params);
        if (refusal) return refusal;
        if (
          params.subscription_period !== undefined &&
          Number(params.subscription_period) !== SUBSCRIPTION_PERIOD
        ) {
          return badRequest('SUBSCRIPTION_PERIOD_INVALID');
        }
        return { ok: true, result: `https://t.me/$fake_invoice_${this.#nextLink++}` };
      }
      case 'answerPreCheckoutQuery':
        if (typeof params.pre_checkout_query_id !== 'string') {
          return badRequest('QUERY_ID_INVALID');
        }
        if (params.ok === false && !params.error_message) {
          return badRequest('ERROR_MESSAGE_EMPTY');
        }
        return { ok: true, result: true };
      case 'refundStarPayment': {
        const charge = String(params.telegram_payment_charge_id ?? '');
        if (!charge || typeof params.user_id !== 'number') return badRequest('CHARGE_ID_INVALID');
        if (this.#refunded.has(charge)) return badRequest('CHARGE_ALREADY_REFUNDED');
        this.#refunded.add(charge);
        return { ok: true, result: true };
      }
      case 'editUserStarSubscription':
        // Telegram answers True for a subscription it knows; the fake sees no payments, so
        // it checks the parameters only. A test makes Telegram refuse with respond().
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
        return { ok: true, result: true };
      default:
        return undefined;
    }
  }

  reset(): void {
    this.#refunded.clear();
  }
}

function refuseInvoice(params: Record<string, unknown>): ApiAnswer | undefined {
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
  return undefined;
}

const badRequest = (what: string): ApiAnswer => ({
  ok: false,
  error_code: 400,
  description: `Bad Request: ${what}`,
});
