// npm run migrate: applies the migrations to DATABASE_URL (from the environment or .env).

import { runMigrations } from '@psycheos/migrations';
import { ConfigError, createLogger, exitWithOneLine, logLevelOf } from '@psycheos/platform';
import { loadDotEnv } from './dot-env';
import { loadRunningStores } from './platform/running-stores';

const logger = createLogger({ service: 'migrate', level: logLevelOf(process.env) });
try {
  loadDotEnv();
  // Beside a running npm start: its embedded PostgreSQL and nats-server, unless told otherwise.
  loadRunningStores();
  await runMigrations(logger);
} catch (error) {
  if (error instanceof ConfigError) exitWithOneLine(logger, error);
  const reason = error instanceof Error ? error.message || String(error) : String(error);
  logger.fatal(`cannot migrate the database at DATABASE_URL: ${reason}`);
  logger.flush();
  process.exit(1);
}
