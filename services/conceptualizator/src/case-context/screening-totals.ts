import type { Database } from '@psycheos/shared';
import type { Kysely } from 'kysely';

/** One questionnaire's total from the client's latest completed screening. */
export interface ScreeningTotal {
  /** The questionnaire's short name (PHQ-9, GAD-7, WHO-5). */
  instrument: string;
  total: number;
  /** The published severity band, in Russian, when the questionnaire has bands. */
  band: string | null;
  completedAt: Date;
}

/**
 * SEAM, issue 13: the latest screening totals of the case, to offer as context. The
 * screening tables (screening_sessions, screening_scores: migration 012 on the screening
 * branch) are not on main yet, so this finds nothing. When they land, read the case's
 * latest completed screening_sessions row (status 'completed', newest completed_at, by
 * context_id) and its screening_scores here; case-context.ts already shows and sends
 * whatever this returns.
 */
export async function latestScreeningTotals(
  _db: Kysely<Database>,
  _contextId: string,
): Promise<ScreeningTotal[]> {
  return [];
}
