import { texts } from '../texts';
import { CTRS_ITEM_NAMES } from './ctrs-items';
import type { CtrsFeedback, ScoredItem } from './read-feedback';

function quoteLine(item: ScoredItem, checked: boolean): string | null {
  if (!item.quote) return null;
  if (!checked) return `> «${item.quote}»`;
  return item.quoteSpeaker
    ? `> «${item.quote}» (${texts.feedback.quoteBy[item.quoteSpeaker]})`
    : `> ${texts.feedback.quoteMissing} «${item.quote}»`;
}

/**
 * The supervisor's feedback as Markdown for the chat and the case's history. While it is
 * still streaming (`checked` false) quotes are shown as they come and no total yet; in the
 * final answer each quote was looked up in the transcript, and the specialist's earlier
 * totals follow, so the progress shows.
 */
export function renderFeedback(
  feedback: CtrsFeedback,
  options: { checked: boolean; earlierTotals?: readonly number[] },
): string {
  const parts: string[] = [texts.feedback.title];
  if (options.checked) parts.push(texts.feedback.total(feedback.total, feedback.scoredItems));
  feedback.items.forEach((item, index) => {
    if (!options.checked && item.score === null && !item.rationale) return;
    parts.push(
      [
        texts.feedback.item(index + 1, CTRS_ITEM_NAMES[item.item], item.score),
        item.rationale,
        quoteLine(item, options.checked),
      ]
        .filter(Boolean)
        .join('\n'),
    );
  });
  if (feedback.worked.length > 0) {
    parts.push(texts.feedback.worked, feedback.worked.map((line) => `- ${line}`).join('\n'));
  }
  if (feedback.toTry.length > 0) {
    parts.push(texts.feedback.toTry, feedback.toTry.map((line) => `- ${line}`).join('\n'));
  }
  if (options.checked && options.earlierTotals) {
    parts.push(
      texts.feedback.history,
      options.earlierTotals.length === 0
        ? texts.feedback.firstSession
        : texts.feedback.historyLine([...options.earlierTotals, feedback.total]),
    );
  }
  return parts.join('\n\n');
}
