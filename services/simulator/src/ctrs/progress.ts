import type { Database } from '@psycheos/db';
import { type Kysely, sql } from 'kysely';
import { CTRS_MAX_TOTAL } from './ctrs-items';

export interface PastSession {
  at: Date;
  persona: string;
  total: number;
  scoredItems: number;
  /** A fragment's total, scaled to 0–66 from its applicable items. */
  isScaled: boolean;
}

/**
 * A specialist's CTRS totals over their trainer sessions, oldest first: the simulation
 * results with a structured score. They are the specialist's own practice, kept in no
 * case, and go with the account.
 */
export async function ctrsHistory(
  db: Kysely<Database>,
  specialistUserId: string,
): Promise<PastSession[]> {
  const rows = await db
    .selectFrom('ai_results')
    .select([
      'created_at',
      sql<string>`coalesce(structured->>'persona', '')`.as('persona'),
      sql<number>`(structured->>'total')::int`.as('total'),
      sql<number>`(structured->>'scored_items')::int`.as('scored_items'),
      // Results from before fragments were scaled have no applicable_max: whole scale.
      sql<boolean>`coalesce((structured->>'applicable_max')::int <> ${CTRS_MAX_TOTAL}, false)`.as(
        'is_scaled',
      ),
    ])
    .where('specialist_user_id', '=', specialistUserId)
    .where('kind', '=', 'simulation')
    .where(sql<boolean>`structured ? 'total'`)
    .orderBy('created_at')
    .orderBy('result_id')
    .execute();
  return rows.map((row) => ({
    at: row.created_at,
    persona: row.persona,
    total: row.total,
    scoredItems: row.scored_items,
    isScaled: row.is_scaled,
  }));
}
