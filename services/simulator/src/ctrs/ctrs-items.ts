/**
 * The Cognitive Therapy Rating Scale (Young & Beck, 1980; the 11-item form of 1988), its
 * items by id, each scored 0–6; the total is 0–66. A total of 40 is the threshold of
 * competence most CBT training studies use. Names and anchors are data
 * (services/simulator/scale/ctrs.json); the ids are code, since the tool's schema and the
 * saved results name them.
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

/** What the supervisor says the transcript is: a whole session, or a part of one. */
export const SESSION_SCOPES = ['full_session', 'fragment'] as const;
export type SessionScope = (typeof SESSION_SCOPES)[number];
