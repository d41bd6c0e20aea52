import {
  type ChangeFrom,
  changeOfLatest,
  changeThresholdsOf,
  type InstrumentCatalogue,
  type LatestChange,
  type ResultTrail,
  type TrailResult,
} from '@psycheos/screening';
import { type ComparedWith, changeTexts } from '../change-texts';
import type { CompletedScreening } from '../data/screenings';

/**
 * What the completion notice says under the scores: for each instrument of the session,
 * in the catalogue's order, its change since the baseline and since the previous result,
 * or that it is the baseline. `trails` are the session's client's in the case, as they
 * stood at the session.
 */
export function changeLines(
  catalogue: InstrumentCatalogue,
  trails: ReadonlyMap<string, ResultTrail>,
  sessionId: string,
): string[] {
  const ofSession = [...trails.keys()].filter(
    (id) => trails.get(id)?.latest.sessionId === sessionId,
  );
  return catalogue.ordered(ofSession).flatMap((id) => {
    const trail = trails.get(id);
    if (!trail) return [];
    const instrument = catalogue.get(id);
    const change = changeOfLatest(changeThresholdsOf(instrument), trail);
    if (change.kind === 'baseline') return [changeTexts.baseline(instrument.title)];
    return [changeTexts.change(instrument.title, comparisons(change, full))];
  });
}

/** The history's brief words for one score: "исходный уровень", "к исходному: …; к прошлому: …". */
export function briefChange(
  catalogue: InstrumentCatalogue,
  instrumentId: string,
  trail: ResultTrail,
): string | null {
  const instrument = catalogue.find(instrumentId);
  if (!instrument) return null;
  const change = changeOfLatest(changeThresholdsOf(instrument), trail);
  if (change.kind === 'baseline') return changeTexts.briefBaseline;
  return comparisons(change, brief).join('; ');
}

/**
 * Each screening's trails, by instrument, as they stood when it was completed, for a
 * case's history (oldest first): each result read against the same client's earlier ones.
 * `baselines` are each client's first results (keyed by `baselineKey`), which a long
 * history cut short by its limit would not hold.
 */
export function trailsThroughHistory(
  history: readonly CompletedScreening[],
  baselines: ReadonlyMap<string, TrailResult>,
): Map<string, ResultTrail>[] {
  const first = new Map<string, TrailResult>();
  const last = new Map<string, TrailResult>();
  return history.map((screening) => {
    const trails = new Map<string, ResultTrail>();
    for (const score of screening.scores) {
      const latest: TrailResult = {
        sessionId: screening.sessionId,
        score: score.score,
        completedAt: screening.completedAt,
      };
      const key = baselineKey(screening.clientUserId, score.instrumentId);
      if (!first.has(key)) first.set(key, latest);
      const baseline = baselines.get(key) ?? first.get(key) ?? latest;
      trails.set(score.instrumentId, { baseline, previous: last.get(key) ?? null, latest });
      last.set(key, latest);
    }
    return trails;
  });
}

/** One client's one instrument, as trailsThroughHistory's `baselines` are keyed. */
export const baselineKey = (clientUserId: string, instrumentId: string) =>
  `${clientUserId}/${instrumentId}`;

type Comparison = (comparedWith: ComparedWith, change: ChangeFrom) => string;

const full: Comparison = (comparedWith, change) =>
  changeTexts.comparison(
    comparedWith,
    change.from,
    change.difference,
    change.verdict,
    change.isRemission,
  );

const brief: Comparison = (comparedWith, change) =>
  changeTexts.briefComparison(comparedWith, change.verdict, change.isRemission);

function comparisons(change: Extract<LatestChange, { kind: 'compared' }>, say: Comparison) {
  return [
    say('baseline', change.sinceBaseline),
    ...(change.sincePrevious ? [say('previous', change.sincePrevious)] : []),
  ];
}
