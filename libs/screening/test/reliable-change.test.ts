import { describe, expect, it } from 'vitest';
import {
  type ChangeThresholds,
  changeThresholdsOf,
  classifyChange,
  isCaseness,
  isRemission,
  loadInstruments,
} from '../src/index';

const catalogue = loadInstruments();
const thresholdsOf = (id: string) => changeThresholdsOf(catalogue.get(id));
const phq9 = thresholdsOf('phq9');
const gad7 = thresholdsOf('gad7');
const who5 = thresholdsOf('who5');

/** The verdict and remission of one step, as the specialist would read them. */
const read = (thresholds: ChangeThresholds, earlier: number, later: number) => ({
  verdict: classifyChange(thresholds, earlier, later),
  isRemission: isRemission(thresholds, earlier, later),
});

describe('the thresholds each data file states', () => {
  /**
   * Written here from the sources rather than read from the files, so a file that drifts
   * from its source fails. NHS Talking Therapies Manual (v7, 2024): PHQ-9 reliable change
   * 6, caseness 10; GAD-7 4 and 8. Topp et al. 2015: WHO-5 10 points of the percentage
   * score, poor well-being at 50 or less.
   */
  it('are the published ones, each with its source', () => {
    expect(catalogue.get('phq9').change).toMatchObject({
      reliableChange: 6,
      caseness: { atOrAbove: 10 },
      source: expect.stringContaining('NHS Talking Therapies'),
    });
    expect(catalogue.get('gad7').change).toMatchObject({
      reliableChange: 4,
      caseness: { atOrAbove: 8 },
      source: expect.stringContaining('NHS Talking Therapies'),
    });
    expect(catalogue.get('who5').change).toMatchObject({
      reliableChange: 10,
      caseness: { atOrBelow: 50 },
      source: expect.stringContaining('doi:10.1159/000376585'),
    });
    expect(who5.higherIsBetter).toBe(true);
  });
});

describe('PHQ-9: reliable change of 6 points, caseness from 10', () => {
  it('reads 24 → 8 as a reliable improvement and a remission', () => {
    expect(read(phq9, 24, 8)).toEqual({ verdict: 'reliable-improvement', isRemission: true });
  });

  it('reads 12 → 10 as no reliable change, and no remission', () => {
    expect(read(phq9, 12, 10)).toEqual({ verdict: 'no-reliable-change', isRemission: false });
  });

  it('reads 10 → 16 as a reliable deterioration', () => {
    expect(read(phq9, 10, 16)).toEqual({ verdict: 'reliable-deterioration', isRemission: false });
  });

  it('counts a change of exactly 6 points as reliable and 5 as not, either way', () => {
    expect(classifyChange(phq9, 15, 9)).toBe('reliable-improvement');
    expect(classifyChange(phq9, 14, 9)).toBe('no-reliable-change');
    expect(classifyChange(phq9, 9, 15)).toBe('reliable-deterioration');
    expect(classifyChange(phq9, 9, 14)).toBe('no-reliable-change');
  });

  it('puts 10 in the clinical range and 9 out of it', () => {
    expect(isCaseness(phq9, 10)).toBe(true);
    expect(isCaseness(phq9, 9)).toBe(false);
  });

  it('calls remission only a reliable improvement that ends below 10, from 10 or above', () => {
    expect(isRemission(phq9, 15, 9)).toBe(true);
    expect(isRemission(phq9, 10, 4)).toBe(true);
    // Below the line, but by 5 points: within measurement error.
    expect(isRemission(phq9, 14, 9)).toBe(false);
    // Reliable, but still in the clinical range.
    expect(isRemission(phq9, 16, 10)).toBe(false);
    // Reliable, but it never was in the clinical range.
    expect(isRemission(phq9, 9, 3)).toBe(false);
  });
});

describe('GAD-7: reliable change of 4 points, caseness from 8', () => {
  it('counts a change of exactly 4 points as reliable and 3 as not, either way', () => {
    expect(classifyChange(gad7, 12, 8)).toBe('reliable-improvement');
    expect(classifyChange(gad7, 11, 8)).toBe('no-reliable-change');
    expect(classifyChange(gad7, 8, 12)).toBe('reliable-deterioration');
    expect(classifyChange(gad7, 8, 11)).toBe('no-reliable-change');
  });

  it('puts 8 in the clinical range and 7 out of it', () => {
    expect(isCaseness(gad7, 8)).toBe(true);
    expect(isCaseness(gad7, 7)).toBe(false);
  });

  it('calls 11 → 7 a remission, and neither 10 → 7 nor 12 → 8', () => {
    expect(read(gad7, 11, 7)).toEqual({ verdict: 'reliable-improvement', isRemission: true });
    expect(read(gad7, 10, 7)).toEqual({ verdict: 'no-reliable-change', isRemission: false });
    expect(read(gad7, 12, 8)).toEqual({ verdict: 'reliable-improvement', isRemission: false });
  });
});

describe('WHO-5: higher is better; 10 points of the percentage score, poor well-being at 50 or less', () => {
  it('reads a rise as an improvement and a fall as a deterioration', () => {
    expect(classifyChange(who5, 40, 52)).toBe('reliable-improvement');
    expect(classifyChange(who5, 52, 40)).toBe('reliable-deterioration');
  });

  it('counts a change of exactly 10 as reliable and 9 as not, either way', () => {
    expect(classifyChange(who5, 40, 50)).toBe('reliable-improvement');
    expect(classifyChange(who5, 40, 49)).toBe('no-reliable-change');
    expect(classifyChange(who5, 50, 40)).toBe('reliable-deterioration');
    expect(classifyChange(who5, 49, 40)).toBe('no-reliable-change');
  });

  it('on the scores it can give (steps of 4): 12 points (raw 3) are reliable, 8 (raw 2) are not', () => {
    expect(classifyChange(who5, 48, 60)).toBe('reliable-improvement');
    expect(classifyChange(who5, 48, 56)).toBe('no-reliable-change');
    expect(classifyChange(who5, 60, 48)).toBe('reliable-deterioration');
    expect(classifyChange(who5, 56, 48)).toBe('no-reliable-change');
  });

  it('puts 50 and below in poor well-being (raw 12 is 48) and 51 above it (raw 13 is 52)', () => {
    expect(isCaseness(who5, 50)).toBe(true);
    expect(isCaseness(who5, 48)).toBe(true);
    expect(isCaseness(who5, 51)).toBe(false);
    expect(isCaseness(who5, 52)).toBe(false);
  });

  it('calls 40 → 60 a remission, and neither 48 → 56 nor 60 → 40', () => {
    expect(read(who5, 40, 60)).toEqual({ verdict: 'reliable-improvement', isRemission: true });
    expect(read(who5, 48, 56)).toEqual({ verdict: 'no-reliable-change', isRemission: false });
    expect(read(who5, 60, 40)).toEqual({ verdict: 'reliable-deterioration', isRemission: false });
  });
});
