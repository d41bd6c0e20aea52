// npm run migrate: applies the migrations to DATABASE_URL.
import { createLogger, exitWithOneLine, runMigrations } from '@psycheos/shared';

const logger = createLogger({ service: 'migrate' });
await runMigrations(logger).catch((error: unknown) => exitWithOneLine(logger, error));
