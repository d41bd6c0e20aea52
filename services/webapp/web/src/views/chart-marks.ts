import uPlot from 'uplot';
import type { InstrumentHistory } from '../api';

type Mark = InstrumentHistory['points'][number]['mark'];

/** The chart's colours, read from Telegram's theme variables when the chart is drawn. */
export interface ChartColours {
  text: string;
  line: string;
  /** The card behind the chart: a hollow baseline marker is filled with it. */
  surface: string;
  better: string;
  worse: string;
}

/**
 * The outline of a result's marker around (0, 0), `r` its half-size. The canvas and the
 * legend's SVG draw the same outlines, so the legend shows exactly what the chart does. A
 * reliable change is a triangle pointing the way the score moved: its shape, not only its
 * colour, tells better from worse on a scale (red-green colour blindness).
 */
export function markerPoints(mark: Mark, isUp: boolean, r: number): [number, number][] {
  if (mark === 'baseline') {
    return [
      [0, -r],
      [r, 0],
      [0, r],
      [-r, 0],
    ];
  }
  const tip = isUp ? -r : r;
  return [
    [0, tip],
    [r, -tip],
    [-r, -tip],
  ];
}

/** Whether a reliable change's triangle points up: the way the score moved. */
export const pointsUp = (mark: Mark, higherIsBetter: boolean) =>
  (mark === 'reliable-improvement') === higherIsBetter;

/** The caseness line across the plot, dashed in the theme's text colour. */
export function drawCaseness(u: uPlot, at: number, colours: ChartColours): void {
  const { ctx, bbox } = u;
  const y = Math.round(u.valToPos(at, 'y', true));
  ctx.save();
  ctx.strokeStyle = colours.text;
  ctx.globalAlpha = 0.8;
  ctx.lineWidth = 1.5 * uPlot.pxRatio;
  ctx.setLineDash([6 * uPlot.pxRatio, 4 * uPlot.pxRatio]);
  ctx.beginPath();
  ctx.moveTo(bbox.left, y);
  ctx.lineTo(bbox.left + bbox.width, y);
  ctx.stroke();
  ctx.restore();
}

/** Every result's marker: a dot, the client's baseline, or a reliable change. */
export function drawMarks(u: uPlot, history: InstrumentHistory, colours: ChartColours): void {
  const { ctx } = u;
  const ratio = uPlot.pxRatio;
  const xs = u.data[0];
  ctx.save();
  history.points.forEach((point, index) => {
    const cx = u.valToPos(xs[index] ?? 0, 'x', true);
    const cy = u.valToPos(point.score, 'y', true);
    ctx.beginPath();
    if (point.mark === null) {
      ctx.arc(cx, cy, 3.5 * ratio, 0, 2 * Math.PI);
      ctx.fillStyle = colours.line;
      ctx.fill();
      return;
    }
    const outline = markerPoints(point.mark, pointsUp(point.mark, history.higherIsBetter), 7);
    outline.forEach(([x, y], corner) => {
      const at = [cx + x * ratio, cy + y * ratio] as const;
      if (corner === 0) ctx.moveTo(...at);
      else ctx.lineTo(...at);
    });
    ctx.closePath();
    if (point.mark === 'baseline') {
      ctx.fillStyle = colours.surface;
      ctx.fill();
      ctx.lineWidth = 2.5 * ratio;
      ctx.strokeStyle = colours.line;
      ctx.stroke();
    } else {
      ctx.fillStyle = point.mark === 'reliable-improvement' ? colours.better : colours.worse;
      ctx.fill();
    }
  });
  ctx.restore();
}
