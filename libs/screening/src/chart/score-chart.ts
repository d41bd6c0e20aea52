import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';
import type { Instrument } from '../instrument-schema';
import { scoreRange } from '../scoring';
import { CHART_FONT_FAMILY } from './chart-font';
import { svgToPng } from './svg-to-png';

export interface ScorePoint {
  at: Date;
  score: number;
}

export interface InstrumentHistory {
  instrument: Instrument;
  /** Oldest first. */
  points: readonly ScorePoint[];
}

/**
 * ECharts, loaded on the first chart rather than at start, and as its one-file CommonJS build:
 * its ES module tree is thousands of files, which took Node seconds to load (19 s on this
 * busy 2-core machine, against 1.4 s for the single file), and a service that never draws a
 * chart should not pay for it at start.
 */
let echarts: typeof Echarts | undefined;
const loadEcharts = () => {
  echarts ??= createRequire(import.meta.url)('echarts') as typeof Echarts;
  return echarts;
};

const WIDTH = 800;
const PANEL_HEIGHT = 250;
const PNG_WIDTH = 1200;
/** Band shading from the good end of a scale to the bad one. */
const BAND_COLOURS = ['#e8f5e9', '#f9fbe7', '#fff8e1', '#fff3e0', '#fbe9e7', '#ffebee'];

/**
 * The case's screening totals over time as a PNG: one panel per instrument (their scales
 * differ: PHQ-9 0-27, GAD-7 0-21, WHO-5 0-100), its severity bands shaded behind the line,
 * so a change of band is seen at a glance. Drawn by Apache ECharts' server-side SVG
 * renderer (no DOM, no canvas) and turned into a PNG by resvg with the shipped font.
 */
export function renderScoreChart(histories: readonly InstrumentHistory[]): Buffer {
  const shown = histories.filter((history) => history.points.length > 0);
  if (shown.length === 0) throw new Error('nothing to draw: no scores');
  const height = PANEL_HEIGHT * shown.length;
  const chart = loadEcharts().init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: WIDTH,
    height,
  });
  try {
    chart.setOption(chartOption(shown), { notMerge: true });
    return svgToPng(chart.renderToSVGString(), PNG_WIDTH);
  } finally {
    chart.dispose();
  }
}

function chartOption(histories: readonly InstrumentHistory[]): Echarts.EChartsOption {
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT_FAMILY },
    title: histories.map(({ instrument }, index) => ({
      text: `${instrument.title}: ${instrument.measures}`,
      left: 16,
      top: index * PANEL_HEIGHT + 8,
      textStyle: { fontFamily: CHART_FONT_FAMILY, fontSize: 16, fontWeight: 'bold' },
    })),
    grid: histories.map((_, index) => ({
      left: 56,
      right: 200,
      top: index * PANEL_HEIGHT + 44,
      height: PANEL_HEIGHT - 84,
    })),
    xAxis: histories.map(({ points }, index) => ({
      type: 'category',
      gridIndex: index,
      data: dateLabels(points),
      boundaryGap: true,
      axisLabel: { fontFamily: CHART_FONT_FAMILY, fontSize: 12 },
    })),
    yAxis: histories.map(({ instrument }, index) => {
      const { min, max } = scoreRange(instrument);
      return {
        type: 'value',
        gridIndex: index,
        min,
        max,
        interval: max > 30 ? 20 : 5,
        // A maximum off the interval (PHQ-9's 27) would print over the tick below it.
        axisLabel: {
          fontFamily: CHART_FONT_FAMILY,
          fontSize: 12,
          showMaxLabel: max % (max > 30 ? 20 : 5) === 0,
        },
        splitLine: { show: false },
      };
    }),
    series: histories.map(({ instrument, points }, index) => ({
      type: 'line',
      name: instrument.title,
      xAxisIndex: index,
      yAxisIndex: index,
      data: points.map((point) => point.score),
      symbolSize: 9,
      lineStyle: { width: 3, color: '#1e4e8c' },
      itemStyle: { color: '#1e4e8c' },
      label: {
        show: true,
        position: 'top',
        fontFamily: CHART_FONT_FAMILY,
        fontSize: 13,
        fontWeight: 'bold',
      },
      markArea: {
        silent: true,
        // Each stripe reaches the next band's start, so the shading has no gaps.
        data: instrument.bands.map((band, bandIndex) => [
          {
            yAxis: band.from,
            name: `${band.from}–${band.to}: ${band.label}`,
            itemStyle: { color: bandColour(instrument, bandIndex) },
            label: {
              position: 'right',
              fontFamily: CHART_FONT_FAMILY,
              fontSize: 11,
              color: '#555555',
            },
          },
          { yAxis: instrument.bands[bandIndex + 1]?.from ?? band.to },
        ]),
      },
    })),
  };
}

function bandColour(instrument: Instrument, bandIndex: number): string {
  const count = instrument.bands.length;
  const fromGood = instrument.scoring.higherIsBetter ? count - 1 - bandIndex : bandIndex;
  const scaled = count > 1 ? Math.round((fromGood * (BAND_COLOURS.length - 1)) / (count - 1)) : 0;
  return BAND_COLOURS[scaled] ?? '#ffffff';
}

/** dd.mm.yy in Moscow time; a second screening on one day gets its time too. */
function dateLabels(points: readonly ScorePoint[]): string[] {
  const day = (at: Date) =>
    at.toLocaleDateString('ru-RU', {
      timeZone: 'Europe/Moscow',
      day: '2-digit',
      month: '2-digit',
      year: '2-digit',
    });
  const counts = new Map<string, number>();
  for (const point of points) counts.set(day(point.at), (counts.get(day(point.at)) ?? 0) + 1);
  return points.map((point) => {
    const label = day(point.at);
    if ((counts.get(label) ?? 0) < 2) return label;
    const time = point.at.toLocaleTimeString('ru-RU', {
      timeZone: 'Europe/Moscow',
      hour: '2-digit',
      minute: '2-digit',
    });
    return `${label}\n${time}`;
  });
}
