import { escapeMarkdown } from '@psycheos/ai';
import { texts } from '../texts';
import { type CtrsScale, itemSpec } from './load-scale';
import { type CtrsFeedback, isScaled, type ScoredItem } from './read-feedback';

function quoteLine(item: ScoredItem, checked: boolean): string | null {
  if (!item.quote) return null;
  // The quote is the specialist's or the role-played client's words, as the model copied them.
  const quote = escapeMarkdown(item.quote);
  if (!checked) return `> «${quote}»`;
  return item.quoteSpeaker
    ? `> «${quote}» (${texts.feedback.quoteBy[item.quoteSpeaker]})`
    : `> ${texts.feedback.quoteMissing} «${quote}»`;
}

/** The total line: as summed, or, on a fragment, scaled to 0–66 and saying so. */
function totalLine(feedback: CtrsFeedback, scale: CtrsScale): string {
  if (!isScaled(feedback)) return texts.feedback.total(feedback.total, feedback.scoredItems);
  const notApplicable = feedback.items
    .filter((item) => item.notApplicable)
    .map((item) => itemSpec(scale, item.item).name);
  return texts.feedback.scaledTotal(
    feedback.total,
    feedback.rawTotal,
    feedback.applicableMax,
    notApplicable,
    feedback.scoredItems,
    feedback.applicableItems,
  );
}

/**
 * The supervisor's feedback as Markdown for the chat and the specialist's trainer history.
 * While it is still streaming (`checked` false) quotes are shown as they come and no total
 * yet; in the final answer each quote was looked up in the transcript, and the
 * specialist's earlier totals follow, so the progress shows.
 */
export function renderFeedback(
  feedback: CtrsFeedback,
  scale: CtrsScale,
  options: { checked: boolean; earlierTotals?: readonly number[] },
): string {
  const parts: string[] = [texts.feedback.title];
  if (options.checked) {
    parts.push(texts.feedback.scope[feedback.scope], totalLine(feedback, scale));
  }
  feedback.items.forEach((item, index) => {
    if (!options.checked && item.score === null && !item.notApplicable && !item.rationale) return;
    parts.push(
      [
        texts.feedback.item(
          index + 1,
          itemSpec(scale, item.item).name,
          item.score,
          item.notApplicable,
        ),
        item.rationale ? escapeMarkdown(item.rationale) : null,
        quoteLine(item, options.checked),
      ]
        .filter(Boolean)
        .join('\n'),
    );
  });
  // The model's words, which may repeat the role-play's: text, never the bot's own Markdown.
  const bullets = (lines: readonly string[]) =>
    lines.map((line) => `- ${escapeMarkdown(line)}`).join('\n');
  if (feedback.worked.length > 0) parts.push(texts.feedback.worked, bullets(feedback.worked));
  if (feedback.toTry.length > 0) parts.push(texts.feedback.toTry, bullets(feedback.toTry));
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
