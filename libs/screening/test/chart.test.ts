import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderScoreChart, svgToPng } from '../src/chart/index';
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

describe('the screening chart', () => {
  it('draws each instrument’s totals over time as a PNG, one panel per instrument', () => {
    const at = (day: number) => new Date(Date.UTC(2026, 9, day, 9));
    const png = renderScoreChart([
      {
        instrument: catalogue.get('phq9'),
        points: [
          { at: at(1), score: 17 },
          { at: at(15), score: 11 },
        ],
      },
      { instrument: catalogue.get('who5'), points: [{ at: at(1), score: 32 }] },
    ]);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(sizeOf(png)).toEqual({ width: 1200, height: 750 });
    // Kept for a person to look at: the test run leaves it in .artifacts/.
    mkdirSync(new URL('../.artifacts/', import.meta.url), { recursive: true });
    writeFileSync(new URL('../.artifacts/score-chart.png', import.meta.url), png);
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
