import { CTRS_MAX_TOTAL } from './ctrs-items';
import type { CtrsFeedback } from './read-feedback';

/**
 * The scored feedback as the result's `structured`: what /progress and the trainer's
 * history read back. `total` is on the 0–66 scale (a fragment's scaled up from
 * `raw_total` of `applicable_max`); a not-applicable item has no score.
 */
export function savedFeedback(persona: string, feedback: CtrsFeedback): Record<string, unknown> {
  return {
    persona,
    session_scope: feedback.scope,
    items: feedback.items.map((item) => ({
      item: item.item,
      score: item.score,
      not_applicable: item.notApplicable,
      quote: item.quote,
      quote_found: item.quoteSpeaker !== null,
      quote_speaker: item.quoteSpeaker,
      rationale: item.rationale,
    })),
    total: feedback.total,
    raw_total: feedback.rawTotal,
    applicable_max: feedback.applicableMax,
    scored_items: feedback.scoredItems,
    max_total: CTRS_MAX_TOTAL,
    worked: feedback.worked,
    to_try: feedback.toTry,
  };
}
