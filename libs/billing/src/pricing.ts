import type { TokenPrices } from './billing-config';

/** The tokens one AI job used, as ai_usage records them. */
export interface UsageTokens {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/**
 * What a job's tokens cost, in millicredits, rounded up: prices are per 1000 tokens, so
 * the sum is worked out in thousandths of a millicredit and divided once.
 */
export function costOfUsage(prices: TokenPrices, usage: UsageTokens): number {
  const thousandths =
    usage.inputTokens * prices.inputPer1k +
    usage.outputTokens * prices.outputPer1k +
    usage.cacheReadTokens * prices.cacheReadPer1k +
    usage.cacheWriteTokens * prices.cacheWritePer1k;
  return Math.ceil(thousandths / 1000);
}
