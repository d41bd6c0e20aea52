import type { TokenPrices } from './billing-config';
import { costOfUsage, type UsageTokens } from './pricing';

/** Therapist lines in the typical simulation below; said beside its cost. */
export const TYPICAL_SIMULATION_LINES = 20;

/**
 * The tokens of one typical use of a tool, so that /balance can say what a use costs: a
 * price per 1000 tokens means nothing to a psychologist. These are estimates from the
 * prompts' sizes, not measurements (`npm run eval` does not record usage yet): a token
 * taken as about 3 Cyrillic or 4 Latin characters, the prompts as of their version 2
 * (services/<tool>/prompts/*.v2.md, services/simulator/scale/ctrs.json). Estimate again
 * when they change much, or replace with what ai_usage shows for real sessions.
 *
 * - Interpretation: the prompt (~900 tokens, too short for the prompt cache) and a
 *   session's notes (~2 500 tokens, about 7 500 characters) in; a structured
 *   interpretation (~1 500 tokens) out.
 * - Simulation with feedback, TYPICAL_SIMULATION_LINES lines: each client turn reads the
 *   role-play prompt and the persona (~2 300 tokens) and the transcript so far from the
 *   prompt cache, writes the newest exchange (~150 tokens) to it, and sends the new line with
 *   its reminder (~130 tokens) for an answer (~100 tokens); then the supervisor writes its
 *   prompt and the CTRS anchors (~3 900 tokens) to the cache, reads the persona and the
 *   transcript (~4 000 tokens) and writes the 11 items' scores, reasons and quotes (~2 500).
 */
export const TYPICAL_USAGE = {
  interpretation: {
    inputTokens: 3_400,
    outputTokens: 1_500,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
  },
  simulation: {
    inputTokens: 6_600,
    outputTokens: 4_500,
    cacheReadTokens: 69_000,
    cacheWriteTokens: 9_000,
  },
} as const satisfies Record<string, UsageTokens>;

/** Millicredits of a typical use of each tool, a tool session's own price included. */
export interface TypicalCosts {
  interpretationMilli: number;
  simulationMilli: number;
}

export function typicalCosts(prices: TokenPrices): TypicalCosts {
  return {
    interpretationMilli: costOfUsage(prices, TYPICAL_USAGE.interpretation) + prices.perSession,
    simulationMilli: costOfUsage(prices, TYPICAL_USAGE.simulation) + prices.perSession,
  };
}
