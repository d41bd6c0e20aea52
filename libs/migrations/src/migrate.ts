import { createPool } from '@psycheos/db';
import { installJobQueueSchema } from '@psycheos/jobs';
import { Kysely, type MigrationResultSet, Migrator, PostgresDialect, sql } from 'kysely';
import { migrations } from './migrations';

/** Any constant will do; it only has to be the same in every process. */
const MIGRATION_LOCK_KEY = 7_305_118_904_212;

export interface MigrationOutcome extends MigrationResultSet {
  /**
   * Migrations the database has and this code does not: a newer release migrated it. This
   * code then applies nothing and runs on (migrations are written so that the previous
   * release works on the new schema: docs/OPERATIONS.md).
   */
  newerInDatabase?: string[];
}

/**
 * Brings the database to the latest schema. Safe to call from every service at start-up:
 * a session advisory lock lets one process migrate while the others wait, then find
 * nothing left to do. Uses its own short-lived connection to the direct URL (DATABASE_URL),
 * since a transaction-mode pooler cannot hold a session lock.
 *
 * Services deploy one at a time and roll back one at a time, so a process may be older than
 * the database. Kysely would refuse that ("corrupted migrations") and the service would not
 * start; here an older process that knows every migration up to its own last one starts and
 * applies nothing.
 */
export async function migrateToLatest(migrationUrl: string): Promise<MigrationOutcome> {
  const pool = createPool({ url: migrationUrl, max: 2, applicationName: 'psycheos-migrate' });
  const lockClient = await pool.connect();
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  try {
    await lockClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const newer = await migrationsNewerThanThisCode(db);
    if (newer.length > 0) return { results: [], newerInDatabase: newer };
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const result = await migrator.migrateToLatest();
    if (result.error) throw result.error;
    await installJobQueueSchema(pool);
    return result;
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    lockClient.release();
    await db.destroy();
  }
}

/**
 * The migrations recorded in the database that this code does not have. Throws when the
 * database also lacks some this code has: its history and the code's have diverged, which
 * no process should paper over.
 */
async function migrationsNewerThanThisCode(db: Kysely<unknown>): Promise<string[]> {
  const recorded = await sql<{ name: string }>`select name from kysely_migration`
    .execute(db)
    .then((result) => result.rows.map((row) => row.name))
    .catch(() => [] as string[]); // a fresh database: no table yet
  const unknown = recorded.filter((name) => !(name in migrations));
  if (unknown.length === 0) return [];
  const missing = Object.keys(migrations).filter((name) => !recorded.includes(name));
  if (missing.length > 0) {
    throw new Error(
      `the database has migrations this code lacks (${unknown.join(', ')}) and lacks some it has (${missing.join(', ')}): deploy the release that has them all`,
    );
  }
  return unknown;
}
