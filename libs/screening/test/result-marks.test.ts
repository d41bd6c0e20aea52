import { describe, expect, it } from 'vitest';
import {
  casenessLine,
  changeThresholdsOf,
  loadInstruments,
  type MarkableResult,
  resultMarks,
} from '../src/index';

const catalogue = loadInstruments();
const thresholdsOf = (id: string) => changeThresholdsOf(catalogue.get(id));

/** One client's totals, oldest first. */
const anna = (...scores: number[]): MarkableResult[] =>
  scores.map((score) => ({ clientId: 'anna', score }));

describe('what the charts mark on a case’s results', () => {
  it('marks a client’s first result as the baseline, and a reliable step from the previous one', () => {
    expect(resultMarks(thresholdsOf('phq9'), anna(22, 20, 13, 8, 14))).toEqual([
      'baseline',
      null,
      'reliable-improvement',
      null,
      'reliable-deterioration',
    ]);
  });

  it('reads WHO-5 upwards: a rise of 12 is an improvement, a fall of 12 a deterioration', () => {
    expect(resultMarks(thresholdsOf('who5'), anna(28, 40, 44, 32))).toEqual([
      'baseline',
      'reliable-improvement',
      null,
      'reliable-deterioration',
    ]);
  });

  it('reads each client of a couple against their own results, never against the other’s', () => {
    const results: MarkableResult[] = [
      { clientId: 'anna', score: 20 },
      { clientId: 'boris', score: 8 },
      { clientId: 'anna', score: 18 },
      { clientId: 'boris', score: 16 },
    ];
    // Anna's 18 after Boris's 8 is no deterioration; Boris's 16 against his own 8 is.
    expect(resultMarks(thresholdsOf('phq9'), results)).toEqual([
      'baseline',
      'baseline',
      null,
      'reliable-deterioration',
    ]);
  });

  it('draws the caseness line where the clinical range begins, on the side its data file says', () => {
    expect(casenessLine(thresholdsOf('phq9'))).toEqual({ at: 10, side: 'atOrAbove' });
    expect(casenessLine(thresholdsOf('gad7'))).toEqual({ at: 8, side: 'atOrAbove' });
    expect(casenessLine(thresholdsOf('who5'))).toEqual({ at: 50, side: 'atOrBelow' });
  });
});
