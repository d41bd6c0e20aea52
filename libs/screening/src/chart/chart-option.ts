import type * as Echarts from 'echarts';
import type { Instrument } from '../instrument-schema';
import type { CasenessLine, ResultMark } from '../result-marks';
import { scoreRange } from '../scoring';
import { CHART_FONT_FAMILY } from './chart-font';
import { casenessMarkLine, LINE_COLOUR, legendGraphics, markSymbol } from './chart-marks';

/** One instrument's panel: its results, each with its mark, and its caseness line. */
export interface ChartPanel {
  instrument: Instrument;
  points: readonly { at: Date; score: number; mark: ResultMark }[];
  caseness: CasenessLine;
}

/**
 * Narrow, with large type for its size: Telegram shows a photo at a phone's width and scales
 * a long side down to 1280 px, so what counts is the type against the whole image.
 */
export const WIDTH = 640;
export const PANEL_HEIGHT = 282;
const GRID_TOP = 36;
const GRID_HEIGHT = 160;
const LEGEND_Y = 238;
const LEFT = 44;
/** Room on the right for the bands' names. */
const RIGHT = 150;
/** Band shading from the good end of a scale to the bad one. */
const BAND_COLOURS = ['#e8f5e9', '#f9fbe7', '#fff8e1', '#fff3e0', '#fbe9e7', '#ffebee'];
const DAY = 24 * 3600 * 1000;

/**
 * The ECharts option of the whole image: per panel a time axis (a result's place is its date,
 * so three weeks between results look three times as long as one; the same dates in every
 * panel), the bands shaded behind the line, the caseness line, each result drawn by its mark,
 * and a legend under the axis.
 */
export function chartOption(panels: readonly ChartPanel[]): Echarts.EChartsOption {
  return {
    animation: false,
    useUTC: true,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT_FAMILY },
    title: panels.map(({ instrument }, index) => ({
      text: `${instrument.title}: ${instrument.measures}`,
      left: 16,
      top: index * PANEL_HEIGHT + 6,
      textStyle: { fontFamily: CHART_FONT_FAMILY, fontSize: 16, fontWeight: 'bold' },
    })),
    grid: panels.map((_, index) => ({
      left: LEFT,
      right: RIGHT,
      top: index * PANEL_HEIGHT + GRID_TOP,
      height: GRID_HEIGHT,
    })),
    // One time range for every panel, so a date is at the same place in each.
    xAxis: panels.map((_, index) => timeAxis(panels, index)),
    yAxis: panels.map(({ instrument }, index) => scoreAxis(instrument, index)),
    series: panels.map(({ instrument, points, caseness }, index) => ({
      type: 'line',
      name: instrument.title,
      xAxisIndex: index,
      yAxisIndex: index,
      showAllSymbol: true,
      data: points.map((point) => ({
        value: [point.at.getTime(), point.score],
        ...markSymbol(point.mark, instrument.scoring.higherIsBetter),
      })),
      lineStyle: { width: 3, color: LINE_COLOUR },
      label: {
        show: true,
        position: 'top',
        distance: 9,
        formatter: (item: { value: unknown }) => String((item.value as number[])[1]),
        fontFamily: CHART_FONT_FAMILY,
        fontSize: 13,
        fontWeight: 'bold',
        // Readable where a label sits on the caseness line or the line of totals.
        textBorderColor: '#ffffff',
        textBorderWidth: 3,
      },
      markLine: casenessMarkLine(caseness),
      markArea: bandShading(instrument),
    })),
    graphic: panels.flatMap(({ instrument, caseness }, index) =>
      legendGraphics(
        16,
        index * PANEL_HEIGHT + LEGEND_Y,
        instrument.scoring.higherIsBetter,
        caseness,
      ),
    ),
  } as Echarts.EChartsOption;
}

function timeAxis(panels: readonly ChartPanel[], gridIndex: number) {
  const times = panels.flatMap(({ points }) => points.map((point) => point.at.getTime()));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const span = last - first;
  // Room either side for a marker and its label; a single result gets the fortnight around it.
  const pad = span === 0 ? 7 * DAY : Math.max(2 * DAY, span * 0.06);
  return {
    type: 'time' as const,
    gridIndex,
    min: first - pad,
    max: last + pad,
    minInterval: DAY,
    splitLine: { show: false },
    axisLabel: {
      fontFamily: CHART_FONT_FAMILY,
      fontSize: 12,
      hideOverlap: true,
      formatter: (at: number) => dateLabel(new Date(at), span > 300 * DAY),
    },
  };
}

function scoreAxis(instrument: Instrument, gridIndex: number) {
  const { min, max } = scoreRange(instrument);
  const interval = max > 30 ? 20 : 5;
  return {
    type: 'value' as const,
    gridIndex,
    min,
    max,
    interval,
    // A maximum off the interval (PHQ-9's 27) would print over the tick below it.
    axisLabel: {
      fontFamily: CHART_FONT_FAMILY,
      fontSize: 12,
      showMaxLabel: max % interval === 0,
    },
    splitLine: { show: false },
  };
}

function bandShading(instrument: Instrument) {
  return {
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
          lineHeight: 13,
          width: RIGHT - 10,
          overflow: 'break',
        },
      },
      { yAxis: instrument.bands[bandIndex + 1]?.from ?? band.to },
    ]),
  };
}

function bandColour(instrument: Instrument, bandIndex: number): string {
  const count = instrument.bands.length;
  const fromGood = instrument.scoring.higherIsBetter ? count - 1 - bandIndex : bandIndex;
  const scaled = count > 1 ? Math.round((fromGood * (BAND_COLOURS.length - 1)) / (count - 1)) : 0;
  return BAND_COLOURS[scaled] ?? '#ffffff';
}

/** dd.mm in Moscow time, with the year when the chart spans most of one. */
function dateLabel(at: Date, withYear: boolean): string {
  return at.toLocaleDateString('ru-RU', {
    timeZone: 'Europe/Moscow',
    day: '2-digit',
    month: '2-digit',
    ...(withYear && { year: '2-digit' }),
  });
}
