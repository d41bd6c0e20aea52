import { createRequire } from 'node:module';

/**
 * The one font the chart is drawn with: PT Sans (ParaType, SIL Open Font License 1.1),
 * made for Russian, shipped as TTF files by the npm package @expo-google-fonts/pt-sans.
 * The renderer loads these files and no system font, so the image looks the same on a
 * fresh machine or a slim container with no fonts at all, and Cyrillic never falls back
 * to empty boxes.
 */
export const CHART_FONT_FAMILY = 'PT Sans';

export function chartFontFiles(): string[] {
  // Resolved from wherever this code runs: the lib in development, dist/main.js in a build
  // (the font package is then one of the service's own dependencies).
  const require = createRequire(import.meta.url);
  return [
    require.resolve('@expo-google-fonts/pt-sans/400Regular/PTSans_400Regular.ttf'),
    require.resolve('@expo-google-fonts/pt-sans/700Bold/PTSans_700Bold.ttf'),
  ];
}

/**
 * About how wide PT Sans sets `text`, in px: its advance widths averaged by kind of letter
 * (read from the TTF files; the bold is within 3 %). ECharts measures text with a canvas,
 * and on a server without one it counts every letter outside ASCII as a whole em, which
 * made Cyrillic labels wrap and legends spread twice as wide as they are.
 */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const letter of text) em += emOf(letter);
  return em * fontSize;
}

const emOf = (letter: string): number => {
  if (letter === ' ') return 0.27;
  if (/[0-9]/.test(letter)) return 0.57;
  if (/[А-ЯЁA-Z]/.test(letter)) return 0.66;
  if (/[а-яёa-z]/.test(letter)) return 0.56;
  return 0.45;
};
