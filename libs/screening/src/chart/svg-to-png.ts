import { Resvg } from '@resvg/resvg-js';
import { CHART_FONT_FAMILY, chartFontFiles } from './chart-font';

let fontFiles: string[] | undefined;

/** An SVG as a PNG `width` pixels wide, its text set in the shipped font only. */
export function svgToPng(svg: string, width: number): Buffer {
  fontFiles ??= chartFontFiles();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
    font: {
      fontFiles,
      loadSystemFonts: false,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
  });
  return resvg.render().asPng();
}
