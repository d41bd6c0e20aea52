import { describe, expect, it } from 'vitest';
import { type Instrument, loadInstruments, scoreInstrument } from '../src/index';

const catalogue = loadInstruments();

/** Answers adding up to `raw`, each within the instrument's scale. */
function answersSumming(instrument: Instrument, raw: number): number[] {
  const values = instrument.options.map((option) => option.value);
  const high = Math.max(...values);
  const low = Math.min(...values);
  let rest = raw - low * instrument.items.length;
  return instrument.items.map(() => {
    const extra = Math.min(rest, high - low);
    rest -= extra;
    return low + extra;
  });
}

/**
 * The published bands, written here from the publications rather than read from the data
 * files, so a data file that drifts from its instrument's rules fails this test.
 */
const publishedBands: Record<string, { multiplier: number; bands: [number, number, string][] }> = {
  // Kroenke, Spitzer, Williams 2001: 5, 10, 15, 20.
  phq9: {
    multiplier: 1,
    bands: [
      [0, 4, 'минимальная'],
      [5, 9, 'лёгкая'],
      [10, 14, 'умеренная'],
      [15, 19, 'умеренно тяжёлая'],
      [20, 27, 'тяжёлая'],
    ],
  },
  // Spitzer et al. 2006: 5, 10, 15.
  gad7: {
    multiplier: 1,
    bands: [
      [0, 4, 'минимальная'],
      [5, 9, 'лёгкая'],
      [10, 14, 'умеренная'],
      [15, 21, 'тяжёлая'],
    ],
  },
  // Topp et al. 2015: raw 0-25 times 4; <= 50 poor well-being, <= 28 likely depression.
  who5: {
    multiplier: 4,
    bands: [
      [0, 28, 'вероятна депрессия'],
      [29, 50, 'сниженное благополучие'],
      [51, 100, 'в пределах нормы'],
    ],
  },
};

describe('scoring by each instrument’s published rules', () => {
  for (const [id, published] of Object.entries(publishedBands)) {
    const instrument = catalogue.get(id);

    it(`${id}: every band boundary falls in the published band`, () => {
      for (const [from, to, label] of published.bands) {
        for (const score of [from, to]) {
          // WHO-5 scores are multiples of 4: a boundary between them is checked at the
          // nearest reachable score inside the band.
          const raw =
            score % published.multiplier === 0
              ? score / published.multiplier
              : score === from
                ? Math.ceil(score / published.multiplier)
                : Math.floor(score / published.multiplier);
          const result = scoreInstrument(instrument, answersSumming(instrument, raw));
          expect(result.score).toBe(raw * published.multiplier);
          expect(result.bandLabel, `${id} score ${result.score}`).toBe(label);
        }
      }
    });
  }

  it('phq9: the total is the plain sum of the nine answers, 0 to 27', () => {
    const phq9 = catalogue.get('phq9');
    expect(scoreInstrument(phq9, [0, 0, 0, 0, 0, 0, 0, 0, 0]).score).toBe(0);
    expect(scoreInstrument(phq9, [3, 3, 3, 3, 3, 3, 3, 3, 3]).score).toBe(27);
    expect(scoreInstrument(phq9, [1, 2, 3, 0, 1, 2, 3, 0, 1]).raw).toBe(13);
  });

  it('who5: the raw sum times four, so 25 is 100 and 12 is 48 (below the 50 cut-off)', () => {
    const who5 = catalogue.get('who5');
    expect(scoreInstrument(who5, [5, 5, 5, 5, 5])).toMatchObject({ raw: 25, score: 100 });
    expect(scoreInstrument(who5, [3, 3, 2, 2, 2])).toMatchObject({
      raw: 12,
      score: 48,
      bandLabel: 'сниженное благополучие',
    });
    expect(scoreInstrument(who5, [2, 2, 1, 1, 1])).toMatchObject({
      score: 28,
      bandLabel: 'вероятна депрессия',
    });
  });

  it('counts a reverse-scored item from the other end of the scale', () => {
    const phq9 = catalogue.get('phq9');
    const reversedFirst: Instrument = {
      ...phq9,
      scoring: { ...phq9.scoring, reverseScored: [1] },
    };
    expect(scoreInstrument(reversedFirst, [0, 0, 0, 0, 0, 0, 0, 0, 0]).raw).toBe(3);
    expect(scoreInstrument(reversedFirst, [3, 0, 0, 0, 0, 0, 0, 0, 0]).raw).toBe(0);
  });

  it('refuses to score a missing or impossible answer', () => {
    const gad7 = catalogue.get('gad7');
    expect(() => scoreInstrument(gad7, [0, 0, 0])).toThrow(/7 answers/);
    expect(() => scoreInstrument(gad7, [0, 0, 0, 0, 0, 0, 4])).toThrow(/item 7/);
  });

  it('marks PHQ-9 item 9 as the crisis item, answered above 0', () => {
    const phq9 = catalogue.get('phq9');
    expect(phq9.items.map((item) => item.crisis?.above ?? null)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      0,
    ]);
  });
});
