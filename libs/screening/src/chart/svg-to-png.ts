import { createRequire } from 'node:module';
import type * as ResvgJs from '@resvg/resvg-js';
import { CHART_FONT_FAMILY, chartFontFiles } from './chart-font';

let fontFiles: string[] | undefined;
/** The native renderer, loaded on the first chart, not when the service starts. */
let resvg: typeof ResvgJs | undefined;

/** An SVG as a PNG `width` pixels wide, its text set in the shipped font only. */
export function svgToPng(svg: string, width: number): Buffer {
  fontFiles ??= chartFontFiles();
  resvg ??= createRequire(import.meta.url)('@resvg/resvg-js') as typeof ResvgJs;
  const renderer = new resvg.Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
    font: {
      fontFiles,
      loadSystemFonts: false,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
  });
  return renderer.render().asPng();
}
