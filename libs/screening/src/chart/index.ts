export { CHART_FONT_FAMILY, chartFontFiles } from './chart-font';
export {
  type ChartLayout,
  type InstrumentHistory,
  layOutScoreChart,
  renderScoreChart,
  type ScorePoint,
} from './score-chart';
export { svgToPng } from './svg-to-png';
