import type { Database } from '@psycheos/db';
import { type Kysely, sql } from 'kysely';

/**
 * The terms a specialist must have accepted before material may leave for Anthropic: the
 * version pro runs with. Only pro has the text (SPECIALIST_TERMS_TEXT), so pro records the
 * version here at start (current_specialist_terms, one row) and the AI tools and the
 * dashboard read it, rather than each needing the text to derive the version. Read on each
 * use, not cached: an edited text takes effect everywhere as soon as pro restarts with it.
 */
export async function publishCurrentTerms<T extends { version: string }>(
  db: Kysely<Database>,
  terms: T,
): Promise<T> {
  await db
    .insertInto('current_specialist_terms')
    .values({ version: terms.version })
    .onConflict((conflict) =>
      conflict
        .column('only_row')
        .doUpdateSet({ version: terms.version, published_at: sql<Date>`now()` }),
    )
    .execute();
  return terms;
}

/**
 * Whether a specialist who accepted `acceptedVersion` (users.terms_version) may use the
 * tools: only the version in force counts. No version recorded (pro has never started
 * with terms) refuses everyone: a gap in the record must not let material out unaccepted.
 */
export async function hasAcceptedCurrentTerms(
  db: Kysely<Database>,
  acceptedVersion: string | null,
): Promise<boolean> {
  if (acceptedVersion === null) return false;
  const current = await db
    .selectFrom('current_specialist_terms')
    .select('version')
    .executeTakeFirst();
  return current?.version === acceptedVersion;
}
