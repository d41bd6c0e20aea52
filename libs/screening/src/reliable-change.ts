import type { ChangeRule, Instrument } from './instrument-schema';

/**
 * Whether the difference between two of a client's totals is larger than the instrument's
 * measurement error allows (its data file's `change.reliableChange`), and which way.
 * "Reliable" says the change is real, not why it happened: therapy, life or a bad week.
 */
export type ChangeVerdict =
  | 'reliable-improvement'
  | 'reliable-deterioration'
  | 'no-reliable-change';

/** An instrument's rule for reading change: its data file's thresholds and which way is better. */
export interface ChangeThresholds {
  reliableChange: number;
  caseness: ChangeRule['caseness'];
  /** WHO-5: an increase is an improvement; PHQ-9 and GAD-7: a decrease is. */
  higherIsBetter: boolean;
}

export const changeThresholdsOf = (instrument: Instrument): ChangeThresholds => ({
  reliableChange: instrument.change.reliableChange,
  caseness: instrument.change.caseness,
  higherIsBetter: instrument.scoring.higherIsBetter,
});

/** The change from `earlier` to `later`, two totals of the same instrument. */
export function classifyChange(
  thresholds: ChangeThresholds,
  earlier: number,
  later: number,
): ChangeVerdict {
  const improvement = thresholds.higherIsBetter ? later - earlier : earlier - later;
  if (improvement >= thresholds.reliableChange) return 'reliable-improvement';
  if (-improvement >= thresholds.reliableChange) return 'reliable-deterioration';
  return 'no-reliable-change';
}

/** True when the total lies in the clinical range (PHQ-9 ≥ 10, GAD-7 ≥ 8, WHO-5 ≤ 50). */
export function isCaseness(thresholds: ChangeThresholds, score: number): boolean {
  const { caseness } = thresholds;
  return 'atOrAbove' in caseness ? score >= caseness.atOrAbove : score <= caseness.atOrBelow;
}

/**
 * NHS Talking Therapies' "reliable recovery", on one instrument: the earlier total in the
 * clinical range, the later one out of it, and the change reliable. Moving across the line
 * by less than the reliable change is not remission: it may be measurement error.
 */
export function isRemission(thresholds: ChangeThresholds, earlier: number, later: number): boolean {
  return (
    isCaseness(thresholds, earlier) &&
    !isCaseness(thresholds, later) &&
    classifyChange(thresholds, earlier, later) === 'reliable-improvement'
  );
}
