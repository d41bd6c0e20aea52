import { readDatabaseConfig } from '@psycheos/db';
import type { Logger } from '@psycheos/platform';
import { EnvReader } from '@psycheos/platform';
import { migrateToLatest } from './migrate';

/**
 * The migrate command: applies every pending migration to DATABASE_URL and says which.
 * `npm run migrate` and `node dist/main.js --migrate` (the one-shot deploy step) both run it.
 */
export async function runMigrations(logger: Logger, rawEnv = process.env): Promise<void> {
  const env = new EnvReader(rawEnv);
  const database = readDatabaseConfig(env);
  env.finish();
  const result = await migrateToLatest(database.migrationUrl);
  if (result.newerInDatabase) {
    logger.info(
      { newer: result.newerInDatabase },
      'the database is ahead of this release (a newer one migrated it); nothing to apply',
    );
    return;
  }
  const applied = (result.results ?? []).map((migration) => migration.migrationName);
  logger.info({ applied }, applied.length ? 'migrations applied' : 'database already up to date');
}
