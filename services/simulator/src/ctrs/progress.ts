import type { Database } from '@psycheos/shared';
import { type Kysely, sql } from 'kysely';

export interface PastSession {
  at: Date;
  persona: string;
  total: number;
  scoredItems: number;
}

/**
 * A specialist's CTRS totals over their simulator sessions, oldest first: the simulation
 * results with a structured score, across all of their cases (the specialist's own
 * practice, not one client's). Deleted with the case or the account, like every result.
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
  }));
}
