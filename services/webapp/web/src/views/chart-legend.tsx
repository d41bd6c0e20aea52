import type { InstrumentHistory } from '../api';
import { markerPoints, pointsUp } from './chart-marks';

/**
 * What the chart's marks mean, under every chart, all four whether they occur or not: a
 * chart without triangles then reads as "no reliable change between consecutive results",
 * not as "not shown". Triangles point as this instrument's do.
 */
export function ChartLegend(props: { history: InstrumentHistory }) {
  const { caseness, higherIsBetter } = props.history;
  const triangle = (mark: 'reliable-improvement' | 'reliable-deterioration') =>
    outline(markerPoints(mark, pointsUp(mark, higherIsBetter), 6));
  return (
    <ul class="legend">
      <li>
        <Glyph class="baseline" points={outline(markerPoints('baseline', false, 6))} />
        исходный уровень
      </li>
      <li>
        <svg class="glyph caseness" viewBox="-8 -8 16 16" aria-hidden="true">
          <line x1="-8" y1="0" x2="8" y2="0" />
        </svg>
        порог клинического уровня: {caseness.at} и {caseness.side === 'atOrAbove' ? 'выше' : 'ниже'}
      </li>
      <li>
        <Glyph class="better" points={triangle('reliable-improvement')} />
        надёжное улучшение
      </li>
      <li>
        <Glyph class="worse" points={triangle('reliable-deterioration')} />
        надёжное ухудшение
      </li>
    </ul>
  );
}

const outline = (points: [number, number][]) => points.map(([x, y]) => `${x},${y}`).join(' ');

function Glyph(props: { class: string; points: string }) {
  return (
    <svg class={`glyph ${props.class}`} viewBox="-8 -8 16 16" aria-hidden="true">
      <polygon points={props.points} />
    </svg>
  );
}
