import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { InstrumentHistory } from '../api';
import { ChartLegend } from './chart-legend';
import { type ChartColours, drawCaseness, drawMarks } from './chart-marks';

/** Band shading from mild to severe; the instrument's direction decides which end is which. */
const SHADES = ['#4caf5026', '#cddc3926', '#ffc10726', '#ff980026', '#f4433626'];

const DAY = 24 * 3600;
const WEEK = 7 * DAY;
const shortDate = new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit' });

/**
 * One instrument's totals on a time axis, its severity bands shaded behind the line, the
 * caseness line dashed across, and each result's mark (the client's baseline, a reliable
 * change against their previous result), with a legend under it.
 */
export function ScoreChart(props: {
  history: InstrumentHistory;
  /** The case's first and last screening, in seconds, so every chart spans the same dates. */
  span: [number, number];
}) {
  const { history } = props;
  const [first, last] = props.span;
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const colours = themeColours();
    const { text } = colours;
    const xs = history.points.map((point) => new Date(point.at).getTime() / 1000);
    const ys = history.points.map((point) => point.score);
    // Room either side for a marker; one screening alone would span years: show its fortnight.
    const pad = last === first ? WEEK : Math.max(DAY, (last - first) * 0.05);
    const shades = history.higherIsBetter ? [...SHADES].reverse() : SHADES;
    const shadeOf = (index: number) =>
      shades[Math.round((index * (shades.length - 1)) / Math.max(1, history.bands.length - 1))];
    const chart = new uPlot(
      {
        width: element.clientWidth || 320,
        height: 180,
        legend: { show: false },
        scales: {
          x: { time: true, range: [first - pad, last + pad] },
          y: { range: [history.range.min, history.range.max] },
        },
        axes: [
          {
            stroke: text,
            grid: { show: false },
            values: (_u, splits) => splits.map((at) => shortDate.format(new Date(at * 1000))),
          },
          { stroke: text, grid: { stroke: `${text}22` } },
        ],
        series: [{}, { stroke: colours.line, width: 2, points: { show: false } }],
        hooks: {
          drawClear: [
            (u) => {
              const { ctx, bbox } = u;
              history.bands.forEach((band, index) => {
                const top = u.valToPos(band.to + 0.5, 'y', true);
                const bottom = u.valToPos(band.from - 0.5, 'y', true);
                ctx.fillStyle = shadeOf(index) ?? 'transparent';
                const y0 = Math.max(bbox.top, Math.min(top, bottom));
                const y1 = Math.min(bbox.top + bbox.height, Math.max(top, bottom));
                ctx.fillRect(bbox.left, y0, bbox.width, y1 - y0);
              });
              drawCaseness(u, history.caseness.at, colours);
            },
          ],
          draw: [(u) => drawMarks(u, history, colours)],
        },
      },
      [xs, ys],
      element,
    );
    return () => chart.destroy();
  }, [history, first, last]);

  const latest = history.points.at(-1);
  return (
    <div class="card chart" data-instrument={history.id}>
      <div class="chart-title">
        <strong>{history.title}</strong> <span class="hint">{history.measures}</span>
      </div>
      {latest && (
        <div class="hint">
          Последний результат: {latest.score} — {latest.band}
        </div>
      )}
      <div ref={box} />
      <ChartLegend history={history} />
      <ul class="bands">
        {history.bands.map((band) => (
          <li key={band.label}>
            {band.from}–{band.to}: {band.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The page's colours as Telegram's theme sets them now (styles.css maps them to --text…). */
function themeColours(): ChartColours {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read('--text', '#222222'),
    line: read('--button', '#2481cc'),
    surface: read('--card', '#f1f1f4'),
    better: read('--better', '#2e9d48'),
    worse: read('--danger', '#d14e4e'),
  };
}
