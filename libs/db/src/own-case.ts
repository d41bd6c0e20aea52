import { isUuid } from '@psycheos/platform';
import type { Kysely } from 'kysely';
import type { Case, Database } from './schema';

/** Every column of contexts, named: a prepared `select *` goes stale when a column is added. */
export const CASE_COLUMNS = [
  'context_id',
  'specialist_user_id',
  'client_ref',
  'status',
  'created_at',
  'updated_at',
] as const;

/**
 * A case, only if it belongs to this specialist; anything else (another's case, an id that
 * is not one) is not found. pro's buttons and the dashboard's API both go through here, so
 * a tampered button or request cannot reach someone else's case.
 */
export async function findOwnCase(
  db: Kysely<Database>,
  specialistUserId: string,
  caseId: string,
): Promise<Case | undefined> {
  if (!isUuid(caseId)) return undefined;
  return db
    .selectFrom('contexts')
    .select(CASE_COLUMNS)
    .where('context_id', '=', caseId)
    .where('specialist_user_id', '=', specialistUserId)
    .executeTakeFirst();
}
