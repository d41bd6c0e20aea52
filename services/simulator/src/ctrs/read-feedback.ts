import { CTRS_ITEMS, CTRS_MAX_SCORE, type CtrsItem } from './ctrs-items';
import { findSpeaker, type Speaker, type TranscriptLine } from './transcript';

export interface ScoredItem {
  item: CtrsItem;
  /** Null when the model left the item out or gave no whole number from 0 to 6. */
  score: number | null;
  quote: string;
  /** Who said the quoted words; null when the transcript does not contain them. */
  quoteSpeaker: Speaker | null;
  rationale: string;
}

export interface CtrsFeedback {
  items: ScoredItem[];
  /** Summed on the server from the items' scores, never taken from the model. */
  total: number;
  scoredItems: number;
  worked: string[];
  toTry: string[];
}

const asObjects = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value)
    ? value.filter(
        (item): item is Record<string, unknown> => typeof item === 'object' && item !== null,
      )
    : [];
const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
const asText = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const asScore = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= CTRS_MAX_SCORE
    ? value
    : null;

/**
 * The supervisor's structured answer, read defensively (partial while streaming, or off
 * the schema), in the scale's order, each item once; every quote is looked up in the
 * transcript on the server and the total is summed here.
 */
export function readFeedback(input: unknown, transcript: readonly TranscriptLine[]): CtrsFeedback {
  const source =
    typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const given = asObjects(source.items);
  const items = CTRS_ITEMS.map((item): ScoredItem => {
    const found = given.find((candidate) => candidate.item === item) ?? {};
    const quote = asText(found.quote);
    return {
      item,
      score: asScore(found.score),
      quote,
      quoteSpeaker: quote ? findSpeaker(quote, transcript) : null,
      rationale: asText(found.rationale),
    };
  });
  const scored = items.filter((item) => item.score !== null);
  return {
    items,
    total: scored.reduce((sum, item) => sum + (item.score ?? 0), 0),
    scoredItems: scored.length,
    worked: asStrings(source.worked),
    toTry: asStrings(source.to_try),
  };
}
