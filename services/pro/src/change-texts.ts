import type { ChangeVerdict } from '@psycheos/screening';
import { date } from './dates';

/** The words for a verdict, the same in the notice, the history and docs/SCREENING.md. */
const verdictWords: Record<ChangeVerdict, string> = {
  'reliable-improvement': 'надёжное улучшение',
  'reliable-deterioration': 'надёжное ухудшение',
  'no-reliable-change': 'без надёжных изменений',
};

export type ComparedWith = 'baseline' | 'previous';

const comparedWithWords: Record<ComparedWith, { full: string; brief: string }> = {
  baseline: { full: 'к исходному уровню', brief: 'к исходному' },
  previous: { full: 'к прошлому результату', brief: 'к прошлому' },
};

/** "−16", "+12", "0": the score's own direction; the words say whether it is better. */
const signed = (difference: number) =>
  difference > 0 ? `+${difference}` : difference < 0 ? `−${-difference}` : '0';

const verdictOf = (verdict: ChangeVerdict, isRemission: boolean) =>
  `${verdictWords[verdict]}${isRemission ? ', ремиссия' : ''}`;

/**
 * How the pro bot tells a specialist whether a change in a client's score is reliable
 * (libs/screening/src/reliable-change.ts), and the case list's order by it.
 */
export const changeTexts = {
  changesHeader: 'Динамика:',
  /** The first result of an instrument in the case: what later ones are read against. */
  baseline: (title: string) => `${title}: исходный уровень.`,
  /** "PHQ-9: к исходному уровню (24, 12.01.2026) — надёжное улучшение (−16), ремиссия." */
  change: (title: string, comparisons: string[]) => `${title}: ${comparisons.join('; ')}.`,
  comparison: (
    comparedWith: ComparedWith,
    earlier: { score: number; completedAt: Date },
    difference: number,
    verdict: ChangeVerdict,
    isRemission: boolean,
  ) =>
    `${comparedWithWords[comparedWith].full} (${earlier.score}, ${date(earlier.completedAt)}) — ${verdictWords[verdict]} (${signed(difference)})${isRemission ? ', ремиссия' : ''}`,
  /** The history's shorter form, where the earlier scores are on the lines above. */
  briefBaseline: 'исходный уровень',
  briefComparison: (comparedWith: ComparedWith, verdict: ChangeVerdict, isRemission: boolean) =>
    `${comparedWithWords[comparedWith].brief}: ${verdictOf(verdict, isRemission)}`,
  historyScore: (scoreLine: string, change: string) => `${scoreLine} (${change})`,

  worseFirst: '⬇️ Сначала ухудшения',
  newestFirst: '🕒 Сначала новые',
  worseMarker: '⬇️ ',
  worseFirstList: (page: number, worse: number) =>
    worse > 0
      ? `📁 Ваши кейсы${page > 0 ? ` (стр. ${page + 1})` : ''}: сначала те, где последний результат скрининга — надёжное ухудшение (⬇️) к исходному уровню или к прошлому результату.`
      : '📁 Ваши кейсы: ни в одном последний результат скрининга не показывает надёжного ухудшения.',
};
