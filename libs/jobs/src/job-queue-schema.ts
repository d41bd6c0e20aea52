import { Logger, runMigrations } from 'graphile-worker';
import type { Pool } from 'pg';

const silentLogger = new Logger(() => () => {});

/**
 * Installs or upgrades graphile-worker's schema (used by libs/jobs) along with ours, so
 * that `graphile_worker.add_job` exists wherever the database has been migrated: a handler
 * may enqueue a job in its transaction before any job runner has started. graphile-worker
 * keeps its own migration record and lock, so running it again changes nothing.
 */
export async function installJobQueueSchema(pool: Pool): Promise<void> {
  await runMigrations({ pgPool: pool, logger: silentLogger });
}
