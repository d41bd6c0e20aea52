import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';
import type { Instrument } from '../instrument-schema';
import { changeThresholdsOf } from '../reliable-change';
import { casenessLine, type ResultMark, resultMarks } from '../result-marks';
import { textWidth } from './chart-font';
import { type ChartPanel, chartOption, PANEL_HEIGHT, WIDTH } from './chart-option';
import { svgToPng } from './svg-to-png';

export interface ScorePoint {
  at: Date;
  score: number;
  /** Whose result: baselines and changes are read per client (a case may have several). */
  clientId: string;
}

export interface InstrumentHistory {
  instrument: Instrument;
  /** Oldest first. */
  points: readonly ScorePoint[];
}

/** Where the chart draws things, in the units of its SVG (800 wide), for tests to read. */
export interface ChartLayout {
  width: number;
  height: number;
  panels: {
    instrumentId: string;
    points: { at: Date; score: number; mark: ResultMark; x: number; y: number }[];
    caseness: { at: number; y: number };
  }[];
}

/**
 * ECharts, loaded on the first chart rather than at start, and as its one-file CommonJS build:
 * its ES module tree is thousands of files, which took Node seconds to load (19 s on this
 * busy 2-core machine, against 1.4 s for the single file), and a service that never draws a
 * chart should not pay for it at start.
 */
let echarts: typeof Echarts | undefined;
const loadEcharts = () => {
  if (!echarts) {
    echarts = createRequire(import.meta.url)('echarts') as typeof Echarts;
    echarts.setPlatformAPI({
      measureText: (text, font) => ({ width: textWidth(text, fontSizeOf(font)) }),
    });
  }
  return echarts;
};

/** "bold 13px PT Sans" → 13; ECharts' own default is 12. */
const fontSizeOf = (font: string | undefined) =>
  Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12);

const PNG_WIDTH = 1200;

/**
 * The case's screening totals over time as a PNG: one panel per instrument (their scales
 * differ: PHQ-9 0-27, GAD-7 0-21, WHO-5 0-100), on a time axis, its severity bands shaded
 * behind the line, the caseness line, each client's baseline and every reliable change
 * against that client's previous result marked, with a legend under each panel. Drawn by
 * Apache ECharts' server-side SVG renderer (no DOM, no canvas) and turned into a PNG by
 * resvg with the shipped font.
 */
export function renderScoreChart(histories: readonly InstrumentHistory[]): Buffer {
  return withChart(histories, (chart) => svgToPng(chart.renderToSVGString(), PNG_WIDTH));
}

/** Where renderScoreChart puts each result and caseness line, as ECharts computed them. */
export function layOutScoreChart(histories: readonly InstrumentHistory[]): ChartLayout {
  return withChart(histories, (chart, panels) => ({
    width: WIDTH,
    height: PANEL_HEIGHT * panels.length,
    panels: panels.map((panel, index) => {
      const [, casenessY] = pixel(chart, index, [0, panel.caseness.at]);
      return {
        instrumentId: panel.instrument.id,
        points: panel.points.map((point) => {
          const [x, y] = pixel(chart, index, [point.at.getTime(), point.score]);
          return { ...point, x, y };
        }),
        caseness: { at: panel.caseness.at, y: casenessY },
      };
    }),
  }));
}

function withChart<T>(
  histories: readonly InstrumentHistory[],
  use: (chart: Echarts.ECharts, panels: ChartPanel[]) => T,
): T {
  const panels = histories.filter((history) => history.points.length > 0).map(panelOf);
  if (panels.length === 0) throw new Error('nothing to draw: no scores');
  const chart = loadEcharts().init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: WIDTH,
    height: PANEL_HEIGHT * panels.length,
  });
  try {
    chart.setOption(chartOption(panels), { notMerge: true });
    return use(chart, panels);
  } finally {
    chart.dispose();
  }
}

function panelOf({ instrument, points }: InstrumentHistory): ChartPanel {
  const thresholds = changeThresholdsOf(instrument);
  const marks = resultMarks(thresholds, points);
  return {
    instrument,
    points: points.map(({ at, score }, index) => ({ at, score, mark: marks[index] ?? null })),
    caseness: casenessLine(thresholds),
  };
}

function pixel(chart: Echarts.ECharts, gridIndex: number, value: [number, number]) {
  const [x = Number.NaN, y = Number.NaN] = chart.convertToPixel({ gridIndex }, value) as number[];
  return [x, y] as const;
}
