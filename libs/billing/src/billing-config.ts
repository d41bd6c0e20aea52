import type { EnvReader, Parser } from '@psycheos/platform';
import { parsers } from '@psycheos/platform';

/** Amounts of credits are kept in millicredits (1 credit = 1000), so prices can be fractions. */
export const MILLI = 1000;

/** BILLING_TRIAL_CREDITS unless set: what a new specialist starts with. */
export const DEFAULT_TRIAL_MILLI = 100 * MILLI;

export interface TokenPrices {
  /** Millicredits per 1000 tokens of each kind, and per tool session. */
  inputPer1k: number;
  outputPer1k: number;
  cacheReadPer1k: number;
  cacheWritePer1k: number;
  perSession: number;
}

/** What a specialist can buy: a pack of credits, or a 30-day subscription that brings credits each period. */
export interface StarProduct {
  /** Stable while its price holds: `pack_<credits>` or `sub_<credits>`; the invoice payload names it. */
  id: string;
  kind: 'pack' | 'subscription';
  creditsMilli: number;
  stars: number;
}

export interface BillingConfig {
  prices: TokenPrices;
  /** BILLING_TRIAL_CREDITS: what a new specialist starts with. */
  trialMilli: number;
  /** BILLING_CREDIT_PACKS. */
  packs: StarProduct[];
  /** BILLING_SUBSCRIPTION; null when it is off. */
  subscription: StarProduct | null;
  /** BILLING_SUPPORT_CONTACT: where /paysupport sends a specialist (a @username or a link). */
  supportContact: string | undefined;
}

/** A number of credits with up to three decimals ("0.5", "12"), in millicredits. */
export const credits: Parser<number> = (raw) =>
  /^\d+(\.\d{1,3})?$/.test(raw)
    ? { ok: true, value: Math.round(Number(raw) * MILLI) }
    : { ok: false, problem: 'must be a number of credits, 0 or more, e.g. 0.5' };

/** "credits:stars" pairs, comma-separated: "100:100,500:450". */
const productList =
  (kind: StarProduct['kind']): Parser<StarProduct[]> =>
  (raw) => {
    const parts = raw
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const products: StarProduct[] = [];
    for (const part of parts) {
      const match = /^([1-9]\d{0,6}):([1-9]\d{0,5})$/.exec(part);
      if (!match) {
        return {
          ok: false,
          problem:
            'must be comma-separated credits:stars pairs of whole numbers, e.g. 100:100,500:450',
        };
      }
      const count = Number(match[1]);
      products.push({
        id: `${kind === 'pack' ? 'pack' : 'sub'}_${count}`,
        kind,
        creditsMilli: count * MILLI,
        stars: Number(match[2]),
      });
    }
    if (new Set(products.map((product) => product.id)).size !== products.length) {
      return { ok: false, problem: 'names the same number of credits twice' };
    }
    return { ok: true, value: products };
  };

const subscription: Parser<StarProduct | null> = (raw) => {
  if (raw.toLowerCase() === 'off') return { ok: true, value: null };
  const parsed = productList('subscription')(raw);
  if (!parsed.ok) return { ok: false, problem: 'must be credits:stars per 30 days, or off' };
  if (parsed.value.length !== 1)
    return { ok: false, problem: 'must be one credits:stars pair, or off' };
  return { ok: true, value: parsed.value[0] ?? null };
};

/**
 * Billing's settings, read by pro (products, trial) and the AI tools (prices, trial). The
 * default prices are Claude Sonnet's list prices at about 1 credit = 1 Star, doubled.
 */
export function readBillingConfig(env: EnvReader): BillingConfig {
  return {
    prices: {
      inputPer1k: env.optional('BILLING_PRICE_INPUT_PER_1K', credits, 500),
      outputPer1k: env.optional('BILLING_PRICE_OUTPUT_PER_1K', credits, 2_500),
      cacheReadPer1k: env.optional('BILLING_PRICE_CACHE_READ_PER_1K', credits, 50),
      cacheWritePer1k: env.optional('BILLING_PRICE_CACHE_WRITE_PER_1K', credits, 600),
      perSession: env.optional('BILLING_PRICE_PER_SESSION', credits, 0),
    },
    trialMilli: env.optional('BILLING_TRIAL_CREDITS', credits, DEFAULT_TRIAL_MILLI),
    packs: env.optional('BILLING_CREDIT_PACKS', productList('pack'), [
      { id: 'pack_100', kind: 'pack', creditsMilli: 100 * MILLI, stars: 100 },
      { id: 'pack_500', kind: 'pack', creditsMilli: 500 * MILLI, stars: 450 },
      { id: 'pack_1500', kind: 'pack', creditsMilli: 1_500 * MILLI, stars: 1_200 },
    ]),
    subscription: env.optional('BILLING_SUBSCRIPTION', subscription, {
      id: 'sub_1000',
      kind: 'subscription',
      creditsMilli: 1_000 * MILLI,
      stars: 800,
    }),
    supportContact: env.optional('BILLING_SUPPORT_CONTACT', parsers.text),
  };
}
