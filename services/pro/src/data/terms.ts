import type { SpecialistTerms } from '@psycheos/bot-runtime';
import type { Database, User } from '@psycheos/db';
import { type Kysely, sql } from 'kysely';
import { userColumns } from './users';

/**
 * Records that a specialist accepted these terms now, and keeps the text of that version
 * (once), so the version on their row always says what they agreed to.
 */
export async function acceptTerms(
  db: Kysely<Database>,
  userId: string,
  terms: SpecialistTerms,
): Promise<User> {
  await db
    .insertInto('specialist_terms')
    .values({ version: terms.version, text: terms.text })
    .onConflict((conflict) => conflict.column('version').doNothing())
    .execute();
  return db
    .updateTable('users')
    .set({
      terms_version: terms.version,
      terms_accepted_at: sql<Date>`now()`,
      updated_at: new Date(),
    })
    .where('user_id', '=', userId)
    .returning(userColumns)
    .executeTakeFirstOrThrow();
}
