import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { InstrumentHistory } from '../api';

/** Band shading from mild to severe; the instrument's direction decides which end is which. */
const SHADES = ['#4caf5026', '#cddc3926', '#ffc10726', '#ff980026', '#f4433626'];

const WEEK = 7 * 24 * 3600;
const shortDate = new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit' });

/** One instrument's totals over time, with its severity bands shaded behind the line. */
export function ScoreChart(props: { history: InstrumentHistory }) {
  const { history } = props;
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const style = getComputedStyle(document.documentElement);
    const text = style.getPropertyValue('--tg-theme-text-color').trim() || '#222';
    const accent = style.getPropertyValue('--tg-theme-button-color').trim() || '#2481cc';
    const xs = history.points.map((point) => new Date(point.at).getTime() / 1000);
    const ys = history.points.map((point) => point.score);
    const single = xs.length === 1 ? xs[0] : undefined;
    const shades = history.higherIsBetter ? [...SHADES].reverse() : SHADES;
    const shadeOf = (index: number) =>
      shades[Math.round((index * (shades.length - 1)) / Math.max(1, history.bands.length - 1))];
    const chart = new uPlot(
      {
        width: element.clientWidth || 320,
        height: 180,
        legend: { show: false },
        scales: {
          // One screening alone would span years: show the fortnight around it.
          x: { time: true, ...(single !== undefined && { range: [single - WEEK, single + WEEK] }) },
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
        series: [{}, { stroke: accent, width: 2, points: { size: 7, fill: accent } }],
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
            },
          ],
        },
      },
      [xs, ys],
      element,
    );
    return () => chart.destroy();
  }, [history]);

  const last = history.points.at(-1);
  return (
    <div class="card chart" data-instrument={history.id}>
      <div class="chart-title">
        <strong>{history.title}</strong> <span class="hint">{history.measures}</span>
      </div>
      {last && (
        <div class="hint">
          Последний результат: {last.score} — {last.band}
        </div>
      )}
      <div ref={box} />
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
