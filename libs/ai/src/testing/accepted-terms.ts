import type { Database } from '@psycheos/db';
import type { Kysely } from 'kysely';
import { publishCurrentTerms } from '../terms/current-terms';

/** The version of the terms in force in the tools' tests, as pro would have recorded it. */
export const TEST_TERMS_VERSION = 'test0terms01';

/**
 * Records TEST_TERMS_VERSION as in force (again: a test may have emptied the tables) and
 * returns what a specialist's users row holds once they accepted it, to spread into the row.
 */
export async function acceptedTerms(
  db: Kysely<Database>,
): Promise<{ terms_version: string; terms_accepted_at: Date }> {
  await publishCurrentTerms(db, { version: TEST_TERMS_VERSION });
  return { terms_version: TEST_TERMS_VERSION, terms_accepted_at: new Date() };
}
