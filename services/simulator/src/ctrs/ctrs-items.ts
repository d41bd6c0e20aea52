/**
 * The Cognitive Therapy Rating Scale (Young & Beck, 1980), its 11 items, each scored
 * 0–6; the total is 0–66. A total of 40 is the threshold of competence most CBT training
 * studies use.
 */
export const CTRS_ITEMS = [
  'agenda',
  'feedback',
  'understanding',
  'interpersonal_effectiveness',
  'collaboration',
  'pacing',
  'guided_discovery',
  'key_cognitions',
  'strategy_for_change',
  'cbt_techniques',
  'homework',
] as const;
export type CtrsItem = (typeof CTRS_ITEMS)[number];

export const CTRS_MAX_SCORE = 6;
export const CTRS_MAX_TOTAL = CTRS_ITEMS.length * CTRS_MAX_SCORE;
export const CTRS_COMPETENCE_THRESHOLD = 40;

/** The items' names as the Russian CTRS translations give them (shown and sent to the model). */
export const CTRS_ITEM_NAMES: Readonly<Record<CtrsItem, string>> = {
  agenda: 'Повестка',
  feedback: 'Обратная связь',
  understanding: 'Понимание',
  interpersonal_effectiveness: 'Межличностная эффективность',
  collaboration: 'Сотрудничество',
  pacing: 'Темп и эффективное использование времени',
  guided_discovery: 'Направляемое открытие',
  key_cognitions: 'Фокус на ключевых когнициях и поведении',
  strategy_for_change: 'Стратегия изменений',
  cbt_techniques: 'Применение когнитивно-поведенческих техник',
  homework: 'Домашнее задание',
};
