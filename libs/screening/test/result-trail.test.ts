import { describe, expect, it } from 'vitest';
import {
  changeOfLatest,
  changeThresholdsOf,
  isReliablyWorse,
  loadInstruments,
  type TrailResult,
  trailOf,
} from '../src/index';

const phq9 = changeThresholdsOf(loadInstruments().get('phq9'));

/** A case's PHQ-9 totals, a week apart, oldest first. */
const results = (...scores: number[]): TrailResult[] =>
  scores.map((score, index) => ({
    sessionId: `s${index + 1}`,
    score,
    completedAt: new Date(Date.UTC(2026, 0, 1 + 7 * index)),
  }));

const changeOf = (...scores: number[]) => {
  const trail = trailOf(results(...scores));
  if (!trail) throw new Error('no results');
  return changeOfLatest(phq9, trail);
};

describe('a new result read against the baseline and the previous one', () => {
  it('calls the first result the baseline, with nothing to compare', () => {
    expect(changeOf(24)).toEqual({ kind: 'baseline' });
    expect(trailOf([])).toBeNull();
  });

  it('compares the second with the baseline only, since the previous is the baseline', () => {
    expect(changeOf(24, 8)).toEqual({
      kind: 'compared',
      sinceBaseline: {
        from: expect.objectContaining({ sessionId: 's1', score: 24 }),
        difference: -16,
        verdict: 'reliable-improvement',
        isRemission: true,
      },
      sincePrevious: null,
    });
  });

  it('compares a later one with both: improved since the start, no reliable change since last time', () => {
    const change = changeOf(24, 12, 10);
    expect(change).toMatchObject({
      sinceBaseline: { difference: -14, verdict: 'reliable-improvement', isRemission: false },
      sincePrevious: {
        from: { sessionId: 's2', score: 12 },
        difference: -2,
        verdict: 'no-reliable-change',
      },
    });
    expect(isReliablyWorse(change)).toBe(false);
  });

  it('finds a case reliably worse against the previous result even when not against the baseline', () => {
    expect(isReliablyWorse(changeOf(16, 8, 15))).toBe(true);
    expect(isReliablyWorse(changeOf(10, 16))).toBe(true);
    expect(isReliablyWorse(changeOf(10, 14))).toBe(false);
    expect(isReliablyWorse(changeOf(20))).toBe(false);
  });
});
