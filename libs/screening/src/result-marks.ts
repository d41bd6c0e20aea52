import { type ChangeThresholds, classifyChange } from './reliable-change';

/**
 * What a chart marks on one result: the client's first result of the instrument in the case
 * (their baseline), a reliable change against that client's previous result, or nothing.
 * The PNG in pro and the dashboard both draw these, so the two never disagree.
 */
export type ResultMark = 'baseline' | 'reliable-improvement' | 'reliable-deterioration' | null;

/** One result of one instrument in a case; `clientId` says whose it is. */
export interface MarkableResult {
  clientId: string;
  score: number;
}

/**
 * Each result's mark, for a case's results of one instrument, oldest first. Results are
 * compared per client: a case may have several (a couple, a family), and one person's score
 * read against another's would be a change that never happened.
 */
export function resultMarks(
  thresholds: ChangeThresholds,
  results: readonly MarkableResult[],
): ResultMark[] {
  const previousOf = new Map<string, number>();
  return results.map(({ clientId, score }) => {
    const previous = previousOf.get(clientId);
    previousOf.set(clientId, score);
    if (previous === undefined) return 'baseline';
    const verdict = classifyChange(thresholds, previous, score);
    return verdict === 'no-reliable-change' ? null : verdict;
  });
}

/**
 * Where a chart draws the caseness line: at the first score of the clinical range. A result
 * on the line is in the range, whichever side of the scale the range lies on (PHQ-9: 10 and
 * above; WHO-5, where higher is better: 50 and below).
 */
export interface CasenessLine {
  at: number;
  side: 'atOrAbove' | 'atOrBelow';
}

export function casenessLine(thresholds: ChangeThresholds): CasenessLine {
  const { caseness } = thresholds;
  return 'atOrAbove' in caseness
    ? { at: caseness.atOrAbove, side: 'atOrAbove' }
    : { at: caseness.atOrBelow, side: 'atOrBelow' };
}
