import type * as Echarts from 'echarts';
import type { CasenessLine, ResultMark } from '../result-marks';
import { CHART_FONT_FAMILY, textWidth } from './chart-font';

/** The line of totals and an unmarked result. */
export const LINE_COLOUR = '#1e4e8c';
const IMPROVEMENT_COLOUR = '#2e7d32';
const DETERIORATION_COLOUR = '#c62828';
const CASENESS_COLOUR = '#37474f';
const LEGEND_TEXT_COLOUR = '#37474f';

/**
 * How a result is drawn, by its mark. A reliable change is a filled triangle pointing the way
 * the score moved (PHQ-9 down, WHO-5 up when it improves), green for better and red for
 * worse: the shape tells the two apart where the colours do not (red-green colour blindness,
 * a grey printout). The baseline is a hollow diamond, unlike any other result.
 */
export function markSymbol(mark: ResultMark, higherIsBetter: boolean) {
  switch (mark) {
    case 'baseline':
      return {
        symbol: 'diamond',
        symbolSize: 18,
        itemStyle: { color: '#ffffff', borderColor: LINE_COLOUR, borderWidth: 3 },
      };
    case 'reliable-improvement':
    case 'reliable-deterioration': {
      const isUp = (mark === 'reliable-improvement') === higherIsBetter;
      return {
        symbol: 'triangle',
        symbolSize: 18,
        symbolRotate: isUp ? 0 : 180,
        itemStyle: {
          color: mark === 'reliable-improvement' ? IMPROVEMENT_COLOUR : DETERIORATION_COLOUR,
        },
      };
    }
    default:
      return { symbol: 'circle', symbolSize: 9, itemStyle: { color: LINE_COLOUR } };
  }
}

/** The caseness line across a panel; the legend under it says its score. */
export function casenessMarkLine(line: CasenessLine) {
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: CASENESS_COLOUR, width: 2, type: [8, 5] },
    label: { show: false },
    data: [{ yAxis: line.at }],
  };
}

export const LEGEND_WORDS = {
  baseline: 'исходный уровень',
  caseness: (line: CasenessLine) =>
    `порог клинического уровня: ${line.at} и ${line.side === 'atOrAbove' ? 'выше' : 'ниже'}`,
  improvement: 'надёжное улучшение',
  deterioration: 'надёжное ухудшение',
} as const;

const FONT_SIZE = 13;
const ROW_HEIGHT = 20;
const GLYPH_WIDTH = 24;
const GAP = 20;

/**
 * One panel's legend, two rows from `left` at height `y`: the same four entries in every panel,
 * present or not, so a chart without triangles reads as "no reliable change between
 * consecutive results", not as "not shown". Triangles point as this instrument's do, and the
 * caseness entry says where this instrument's clinical range begins.
 */
export function legendGraphics(
  left: number,
  y: number,
  higherIsBetter: boolean,
  caseness: CasenessLine,
): Echarts.GraphicComponentOption[] {
  const rows: [string, (cx: number, cy: number) => Echarts.GraphicComponentOption][][] = [
    [
      [LEGEND_WORDS.baseline, diamond],
      [LEGEND_WORDS.caseness(caseness), dash],
    ],
    [
      [LEGEND_WORDS.improvement, (cx, cy) => triangle(cx, cy, higherIsBetter, IMPROVEMENT_COLOUR)],
      [
        LEGEND_WORDS.deterioration,
        (cx, cy) => triangle(cx, cy, !higherIsBetter, DETERIORATION_COLOUR),
      ],
    ],
  ];
  return rows.flatMap((entries, row) => {
    const cy = y + row * ROW_HEIGHT;
    let x = left;
    return entries.flatMap(([words, glyph]) => {
      const entry = [
        glyph(x + GLYPH_WIDTH / 2 - 4, cy),
        {
          type: 'text' as const,
          x: x + GLYPH_WIDTH,
          y: cy,
          style: {
            text: words,
            fill: LEGEND_TEXT_COLOUR,
            fontSize: FONT_SIZE,
            fontFamily: CHART_FONT_FAMILY,
            verticalAlign: 'middle' as const,
          },
        },
      ];
      x += GLYPH_WIDTH + textWidth(words, FONT_SIZE) + GAP;
      return entry;
    });
  });
}

const diamond = (cx: number, cy: number): Echarts.GraphicComponentOption => ({
  type: 'polygon',
  shape: {
    points: [
      [cx, cy - 7],
      [cx + 7, cy],
      [cx, cy + 7],
      [cx - 7, cy],
    ],
  },
  style: { fill: '#ffffff', stroke: LINE_COLOUR, lineWidth: 2.5 },
});

const dash = (cx: number, cy: number): Echarts.GraphicComponentOption => ({
  type: 'line',
  shape: { x1: cx - 10, y1: cy, x2: cx + 10, y2: cy },
  style: { stroke: CASENESS_COLOUR, lineWidth: 2, lineDash: [6, 4] },
});

const triangle = (
  cx: number,
  cy: number,
  isUp: boolean,
  colour: string,
): Echarts.GraphicComponentOption => {
  const tip = isUp ? -7 : 7;
  return {
    type: 'polygon',
    shape: {
      points: [
        [cx, cy + tip],
        [cx + 7, cy - tip],
        [cx - 7, cy - tip],
      ],
    },
    style: { fill: colour },
  };
};
