import type { Database } from '@psycheos/db';
import { type Kysely, sql } from 'kysely';
import type { Stats } from '../texts';

/** The admin panel's counts, in one round trip. */
export async function loadStats(db: Kysely<Database>): Promise<Stats> {
  const { rows } = await sql<Stats>`
    select
      (select count(*) from users where role = 'specialist')::int as "specialists",
      (select count(*) from users where role = 'specialist' and status = 'blocked')::int
        as "blockedSpecialists",
      (select count(*) from contexts where status = 'active')::int as "activeCases",
      (select count(*) from invites
        where revoked_at is null and expires_at > now() and used_count < max_uses)::int
        as "openInvites"
  `.execute(db);
  const [stats] = rows;
  if (!stats) throw new Error('the stats query returned no row');
  return stats;
}
