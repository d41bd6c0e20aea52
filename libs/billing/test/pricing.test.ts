import { EnvReader } from '@psycheos/platform';
import { describe, expect, it } from 'vitest';
import {
  costOfUsage,
  formatCredits,
  invoicePayload,
  ProductCatalogue,
  parsePayload,
  typicalCosts,
} from '../src';
import { readBillingConfig } from '../src/billing-config';

describe('prices and products', () => {
  it('prices tokens per 1000, each kind at its own price, rounded up to a millicredit', () => {
    const { prices } = readBillingConfig(
      new EnvReader({
        BILLING_PRICE_INPUT_PER_1K: '0.5',
        BILLING_PRICE_OUTPUT_PER_1K: '2.5',
        BILLING_PRICE_CACHE_READ_PER_1K: '0.05',
        BILLING_PRICE_CACHE_WRITE_PER_1K: '0.6',
      }),
    );
    // 3000 × 0.5 + 1500 × 2.5 + 10000 × 0.05 + 2000 × 0.6 (per 1K) = 1.5 + 3.75 + 0.5 + 1.2 credits.
    expect(
      costOfUsage(prices, {
        inputTokens: 3_000,
        outputTokens: 1_500,
        cacheReadTokens: 10_000,
        cacheWriteTokens: 2_000,
      }),
    ).toBe(6_950);
    expect(
      costOfUsage(prices, {
        inputTokens: 1,
        outputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      }),
    ).toBe(1);
  });

  it('reads products from configuration and names a bad value in one line', () => {
    const config = readBillingConfig(
      new EnvReader({ BILLING_CREDIT_PACKS: '50:40, 200:150', BILLING_SUBSCRIPTION: 'off' }),
    );
    const catalogue = new ProductCatalogue(config);
    expect(catalogue.all.map((product) => [product.id, product.stars])).toEqual([
      ['pack_50', 40],
      ['pack_200', 150],
    ]);
    expect(catalogue.subscription).toBeUndefined();

    const env = new EnvReader({
      BILLING_CREDIT_PACKS: '50:40,oops',
      BILLING_PRICE_INPUT_PER_1K: '-1',
    });
    readBillingConfig(env);
    expect(() => env.finish()).toThrow(
      /BILLING_PRICE_INPUT_PER_1K must be a number of credits.*BILLING_CREDIT_PACKS must be comma-separated/,
    );
  });

  it('puts the product and its price in the payload, and reads back only what it wrote', () => {
    const product = {
      id: 'sub_1000',
      kind: 'subscription' as const,
      creditsMilli: 1_000_000,
      stars: 800,
    };
    expect(parsePayload(invoicePayload(product))).toEqual({
      productId: 'sub_1000',
      kind: 'subscription',
      creditsMilli: 1_000_000,
      stars: 800,
    });
    expect(parsePayload('v1:pack_100')).toBeNull();
    expect(parsePayload('v1:gift_100:100')).toBeNull();
  });

  it('writes credits as a Russian reader expects', () => {
    expect(formatCredits(12_500)).toBe('12,5');
    expect(formatCredits(-3_250)).toBe('−3,25');
    expect(formatCredits(1)).toBe('0,01');
    expect(formatCredits(0)).toBe('0');
    expect(formatCredits(1_500_000)).toBe('1\u00a0500');
  });
});

describe('what a typical use costs', () => {
  it('prices a typical interpretation and simulation with feedback at the default prices', () => {
    const { prices } = readBillingConfig(new EnvReader({}));
    // 3 400 in × 0.5 + 1 500 out × 2.5 per 1K = 1.7 + 3.75.
    expect(typicalCosts(prices).interpretationMilli).toBe(5_450);
    // 6 600 × 0.5 + 4 500 × 2.5 + 69 000 × 0.05 + 9 000 × 0.6 per 1K = 3.3 + 11.25 + 3.45 + 5.4.
    expect(typicalCosts(prices).simulationMilli).toBe(23_400);
  });

  it('adds a tool session’s own price, once per use', () => {
    const { prices } = readBillingConfig(
      new EnvReader({ BILLING_PRICE_PER_SESSION: '2', BILLING_PRICE_OUTPUT_PER_1K: '0' }),
    );
    expect(typicalCosts(prices).interpretationMilli).toBe(1_700 + 2_000);
  });
});
