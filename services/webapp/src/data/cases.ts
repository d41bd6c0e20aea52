import type { Database } from '@psycheos/db';
import { type Kysely, sql } from 'kysely';
import type { CaseSummary } from '../api/contract';

/** The specialist's own cases, most recently active first. */
export async function listCases(
  db: Kysely<Database>,
  specialistUserId: string,
): Promise<CaseSummary[]> {
  const rows = await db
    .selectFrom('contexts as c')
    .select([
      'c.context_id',
      'c.client_ref',
      'c.status',
      'c.created_at',
      sql<Date>`greatest(
        c.updated_at,
        (select max(s.completed_at) from screening_sessions s where s.context_id = c.context_id),
        (select max(r.created_at) from ai_results r where r.context_id = c.context_id)
      )`.as('last_activity_at'),
    ])
    .where('c.specialist_user_id', '=', specialistUserId)
    .orderBy('last_activity_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.context_id,
    label: row.client_ref,
    status: row.status === 'archived' ? 'archived' : 'active',
    createdAt: row.created_at.toISOString(),
    lastActivityAt: new Date(row.last_activity_at).toISOString(),
  }));
}
