import { type BillingConfig, MILLI, type StarProduct } from './billing-config';

/** Telegram's currency code for Stars; invoices in it carry an empty provider_token. */
export const STARS = 'XTR';

/** 30 days, the only subscription period Telegram accepts. */
export const SUBSCRIPTION_PERIOD_SECONDS = 2_592_000;

/**
 * The invoice payload: the product and the price the specialist was shown. Telegram hands
 * it back in the pre-checkout query and the payment, so both can be checked against it.
 */
export const invoicePayload = (product: StarProduct) => `v1:${product.id}:${product.stars}`;

export interface PayloadProduct {
  productId: string;
  kind: StarProduct['kind'];
  /** From the id itself (pack_100 is 100 credits), so a payment credits what was sold even after the configuration changed. */
  creditsMilli: number;
  stars: number;
}

export function parsePayload(payload: string): PayloadProduct | null {
  const match = /^v1:(pack|sub)_([1-9]\d{0,6}):([1-9]\d{0,5})$/.exec(payload);
  if (!match) return null;
  return {
    productId: `${match[1]}_${match[2]}`,
    kind: match[1] === 'pack' ? 'pack' : 'subscription',
    creditsMilli: Number(match[2]) * MILLI,
    stars: Number(match[3]),
  };
}

/** The products on sale now, from BILLING_CREDIT_PACKS and BILLING_SUBSCRIPTION. */
export class ProductCatalogue {
  readonly all: readonly StarProduct[];

  constructor(config: Pick<BillingConfig, 'packs' | 'subscription'>) {
    this.all = [...config.packs, ...(config.subscription ? [config.subscription] : [])];
  }

  find(productId: string): StarProduct | undefined {
    return this.all.find((product) => product.id === productId);
  }

  get packs(): StarProduct[] {
    return this.all.filter((product) => product.kind === 'pack');
  }

  get subscription(): StarProduct | undefined {
    return this.all.find((product) => product.kind === 'subscription');
  }
}
