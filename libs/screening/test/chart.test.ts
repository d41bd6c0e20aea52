import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type InstrumentHistory,
  layOutScoreChart,
  renderScoreChart,
  type ScorePoint,
  svgToPng,
} from '../src/chart/index';
import { loadInstruments } from '../src/index';

const catalogue = loadInstruments();
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The PNG's width and height, from its IHDR chunk. */
const sizeOf = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

/** One line of text drawn alone, as a PNG. */
const textPng = (text: string) =>
  svgToPng(
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="4" y="30" font-size="28">${text}</text></svg>`,
    200,
  );

/** October 2026, day by day, at noon in Moscow. */
const on = (day: number) => new Date(Date.UTC(2026, 9, day, 9));

/** One client's results of an instrument: [day of October, score], oldest first. */
const history = (id: string, ...results: [number, number][]): InstrumentHistory => ({
  instrument: catalogue.get(id),
  points: results.map(([day, score]): ScorePoint => ({ at: on(day), score, clientId: 'anna' })),
});

/** A client improving on PHQ-9: 22, a week later 20, three weeks later 13, a week later 8. */
const improving = history('phq9', [1, 22], [8, 20], [29, 13], [36, 8]);

const panelOf = (...histories: InstrumentHistory[]) => {
  const [panel] = layOutScoreChart(histories).panels;
  if (!panel) throw new Error('no panel');
  return panel;
};

describe('the screening chart', () => {
  it('draws each instrument’s totals over time as a PNG, one panel per instrument', () => {
    const png = renderScoreChart([improving, history('who5', [1, 32], [15, 48])]);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(sizeOf(png).width).toBe(1200);
    expect(sizeOf(png).height).toBeGreaterThan(1000);
    // Kept for a person to look at: the test run leaves it in .artifacts/.
    mkdirSync(new URL('../.artifacts/', import.meta.url), { recursive: true });
    writeFileSync(new URL('../.artifacts/score-chart.png', import.meta.url), png);
  });

  it('places results by their dates: three weeks between two look three times as long as one', () => {
    const [first, second, third, fourth] = panelOf(improving).points.map((point) => point.x);
    const week = (second ?? 0) - (first ?? 0);
    expect(week).toBeGreaterThan(20);
    expect((third ?? 0) - (second ?? 0)).toBeCloseTo(3 * week, 6);
    expect((fourth ?? 0) - (third ?? 0)).toBeCloseTo(week, 6);
  });

  it('puts two results a fortnight apart twice as far apart as two a week apart', () => {
    const [first, second, third] = panelOf(history('gad7', [1, 12], [8, 10], [22, 9])).points;
    expect((third?.x ?? 0) - (second?.x ?? 0)).toBeCloseTo(
      2 * ((second?.x ?? 0) - (first?.x ?? 0)),
      6,
    );
  });

  it('puts a date at the same place in every panel, whichever instruments were answered then', () => {
    const [phq9, who5] = layOutScoreChart([improving, history('who5', [8, 32], [22, 48])]).panels;
    expect(who5?.points[0]?.x).toBeCloseTo(phq9?.points[1]?.x ?? 0, 6);
  });

  it('draws PHQ-9’s caseness line at 10: a result of 10 lies on it, 9 below and 13 above', () => {
    const panel = panelOf(history('phq9', [1, 13], [8, 10], [15, 9]));
    const [thirteen, ten, nine] = panel.points;
    expect(panel.caseness.at).toBe(10);
    expect(ten?.y).toBeCloseTo(panel.caseness.y, 6);
    // Pixels grow downwards.
    expect(thirteen?.y).toBeLessThan(panel.caseness.y);
    expect(nine?.y).toBeGreaterThan(panel.caseness.y);
  });

  it('draws WHO-5’s caseness line at 50, where higher is better: 48 is under it, in the clinical range', () => {
    const panel = panelOf(history('who5', [1, 48], [8, 52]));
    const [low, high] = panel.points;
    expect(panel.caseness.at).toBe(50);
    expect(low?.y).toBeGreaterThan(panel.caseness.y);
    expect(high?.y).toBeLessThan(panel.caseness.y);
  });

  it('marks the baseline and each reliable change against the previous result, and nothing else', () => {
    // 22 → 20: 2 points; 20 → 13: 7, reliable; 13 → 8: 5, not reliable against 13.
    expect(panelOf(improving).points.map((point) => point.mark)).toEqual([
      'baseline',
      null,
      'reliable-improvement',
      null,
    ]);
    expect(
      panelOf(history('gad7', [1, 6], [8, 10], [15, 9])).points.map((point) => point.mark),
    ).toEqual(['baseline', 'reliable-deterioration', null]);
  });

  it('sets Cyrillic in the shipped font, not as the empty boxes of a missing glyph', () => {
    // A private-use character has no glyph in any font: it is drawn as the font's
    // "missing" box. Cyrillic letters must look different from it, and from each other.
    const missing = textPng('\uE000\uE000\uE000');
    const cyrillic = textPng('Жёлт');
    const otherCyrillic = textPng('баллы');
    expect(cyrillic.equals(missing)).toBe(false);
    expect(cyrillic.equals(otherCyrillic)).toBe(false);
    expect(textPng('Жёлт').equals(cyrillic)).toBe(true);
  });

  it('refuses to draw a chart with no scores', () => {
    expect(() => renderScoreChart([{ instrument: catalogue.get('gad7'), points: [] }])).toThrow(
      /no scores/,
    );
  });
});
