import { Kysely, type MigrationResultSet, Migrator, PostgresDialect } from 'kysely';
import { createPool } from './connect';
import { installJobQueueSchema } from './job-queue-schema';
import { migrations } from './migrations';

/** Any constant will do; it only has to be the same in every process. */
const MIGRATION_LOCK_KEY = 7_305_118_904_212;

/**
 * Brings the database to the latest schema. Safe to call from every service at start-up:
 * a session advisory lock lets one process migrate while the others wait, then find
 * nothing left to do. Uses its own short-lived connection to the direct URL (DATABASE_URL),
 * since a transaction-mode pooler cannot hold a session lock.
 */
export async function migrateToLatest(migrationUrl: string): Promise<MigrationResultSet> {
  const pool = createPool({ url: migrationUrl, max: 2, applicationName: 'psycheos-migrate' });
  const lockClient = await pool.connect();
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  try {
    await lockClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
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
