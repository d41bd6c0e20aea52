import {
  CTRS_ITEMS,
  CTRS_MAX_SCORE,
  CTRS_MAX_TOTAL,
  type CtrsItem,
  SESSION_SCOPES,
  type SessionScope,
} from './ctrs-items';
import { type CtrsScale, itemSpec } from './load-scale';
import { findSpeaker, type Speaker, type TranscriptLine } from './transcript';

export interface ScoredItem {
  item: CtrsItem;
  /** Null when not applicable, or when the model left the item out or gave no whole number from 0 to 6. */
  score: number | null;
  /** «Не применимо»: an item a fragment did not reach, on a transcript the supervisor called a fragment. */
  notApplicable: boolean;
  quote: string;
  /** Who said the quoted words; null when the transcript does not contain them. */
  quoteSpeaker: Speaker | null;
  rationale: string;
}

export interface CtrsFeedback {
  scope: SessionScope;
  items: ScoredItem[];
  /** The items' scores summed on the server, never taken from the model. */
  rawTotal: number;
  /** 6 for each applicable item. */
  applicableMax: number;
  /**
   * The total on the scale's 0–66: the raw total itself when every item applies, else
   * scaled up from the applicable items' maximum (a fragment), so totals stay comparable.
   */
  total: number;
  scoredItems: number;
  applicableItems: number;
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
const asScope = (value: unknown): SessionScope =>
  SESSION_SCOPES.includes(value as SessionScope) ? (value as SessionScope) : 'full_session';

/**
 * The supervisor's structured answer, read defensively (partial while streaming, or off
 * the schema), in the scale's order, each item once; every quote is looked up in the
 * transcript on the server and the total is summed here. «Не применимо» is taken only
 * where the scale allows it (an item a fragment may not reach) and only on a transcript
 * the supervisor called a fragment; anywhere else the item counts as not scored.
 */
export function readFeedback(
  input: unknown,
  transcript: readonly TranscriptLine[],
  scale: CtrsScale,
): CtrsFeedback {
  const source =
    typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const scope = asScope(source.session_scope);
  const given = asObjects(source.items);
  const items = CTRS_ITEMS.map((item): ScoredItem => {
    const found = given.find((candidate) => candidate.item === item) ?? {};
    const quote = asText(found.quote);
    const notApplicable =
      found.not_applicable === true &&
      scope === 'fragment' &&
      itemSpec(scale, item).mayBeOutsideAFragment;
    return {
      item,
      score: notApplicable ? null : asScore(found.score),
      notApplicable,
      quote,
      quoteSpeaker: quote ? findSpeaker(quote, transcript) : null,
      rationale: asText(found.rationale),
    };
  });
  const scored = items.filter((item) => item.score !== null);
  const applicableItems = items.filter((item) => !item.notApplicable).length;
  const rawTotal = scored.reduce((sum, item) => sum + (item.score ?? 0), 0);
  const applicableMax = applicableItems * CTRS_MAX_SCORE;
  return {
    scope,
    items,
    rawTotal,
    applicableMax,
    total:
      applicableMax === CTRS_MAX_TOTAL
        ? rawTotal
        : Math.round((rawTotal * CTRS_MAX_TOTAL) / applicableMax),
    scoredItems: scored.length,
    applicableItems,
    worked: asStrings(source.worked),
    toTry: asStrings(source.to_try),
  };
}

export const isScaled = (feedback: CtrsFeedback): boolean =>
  feedback.applicableMax !== CTRS_MAX_TOTAL;
