import type { Database } from '@psycheos/db';
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

/** "phq9" → "PHQ-9": the instruments' ids are their published short names without the dash. */
const shortName = (instrumentId: string): string =>
  instrumentId.replace(
    /^([a-z]+)(\d+)$/,
    (_, letters: string, digits: string) => `${letters.toUpperCase()}-${digits}`,
  );

/**
 * The case's latest completed screening (the screen bot's screening_sessions and
 * screening_scores), each questionnaire's total and band, to offer as context.
 */
export async function latestScreeningTotals(
  db: Kysely<Database>,
  contextId: string,
): Promise<ScreeningTotal[]> {
  const latest = await db
    .selectFrom('screening_sessions')
    .select(['session_id', 'completed_at'])
    .where('context_id', '=', contextId)
    .where('status', '=', 'completed')
    .where('completed_at', 'is not', null)
    .orderBy('completed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest?.completed_at) return [];
  const scores = await db
    .selectFrom('screening_scores')
    .select(['instrument_id', 'score', 'band_label'])
    .where('session_id', '=', latest.session_id)
    .orderBy('instrument_id')
    .execute();
  return scores.map((score) => ({
    instrument: shortName(score.instrument_id),
    total: score.score,
    band: score.band_label || null,
    completedAt: latest.completed_at as Date,
  }));
}
