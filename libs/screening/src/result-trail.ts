import {
  type ChangeThresholds,
  type ChangeVerdict,
  classifyChange,
  isRemission,
} from './reliable-change';

/** One completed result of one instrument, one client's. */
export interface TrailResult {
  sessionId: string;
  score: number;
  completedAt: Date;
}

/**
 * What a new result is read against: the client's first result of the instrument (the
 * baseline, where the work started) and the one just before it (the latest step).
 */
export interface ResultTrail {
  baseline: TrailResult;
  /** The result before the latest; null when the latest is the only one. */
  previous: TrailResult | null;
  latest: TrailResult;
}

export interface ChangeFrom {
  from: TrailResult;
  /** later − earlier, in score points; its sign is the score's, not better or worse. */
  difference: number;
  verdict: ChangeVerdict;
  isRemission: boolean;
}

export type LatestChange =
  | { kind: 'baseline' }
  | {
      kind: 'compared';
      sinceBaseline: ChangeFrom;
      /** Null when the previous result is the baseline: the same comparison twice says nothing. */
      sincePrevious: ChangeFrom | null;
    };

/** A trail from one instrument's results in a case, oldest first; null for none. */
export function trailOf(results: readonly TrailResult[]): ResultTrail | null {
  const baseline = results[0];
  const latest = results.at(-1);
  if (!baseline || !latest) return null;
  return { baseline, previous: results.at(-2) ?? null, latest };
}

/** The latest result against the baseline and against the previous one. */
export function changeOfLatest(thresholds: ChangeThresholds, trail: ResultTrail): LatestChange {
  const { baseline, previous, latest } = trail;
  if (latest.sessionId === baseline.sessionId) return { kind: 'baseline' };
  const from = (earlier: TrailResult): ChangeFrom => ({
    from: earlier,
    difference: latest.score - earlier.score,
    verdict: classifyChange(thresholds, earlier.score, latest.score),
    isRemission: isRemission(thresholds, earlier.score, latest.score),
  });
  return {
    kind: 'compared',
    sinceBaseline: from(baseline),
    sincePrevious: previous && previous.sessionId !== baseline.sessionId ? from(previous) : null,
  };
}

/** True when the latest result is reliably worse than the baseline or the previous one. */
export function isReliablyWorse(change: LatestChange): boolean {
  return (
    change.kind === 'compared' &&
    (change.sinceBaseline.verdict === 'reliable-deterioration' ||
      change.sincePrevious?.verdict === 'reliable-deterioration')
  );
}
