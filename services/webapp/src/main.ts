import { createDatabase } from '@psycheos/db';
import { closeOnSignals, createLogger, exitWithOneLine, logLevelOf } from '@psycheos/platform';
import { loadInstruments } from '@psycheos/screening';
import { buildApp } from './app';
import { loadWebappConfig } from './config';

const logger = createLogger({ service: 'webapp', level: logLevelOf(process.env) });

if (process.argv.includes('--migrate')) {
  logger.fatal(
    'the dashboard does not migrate: run `node dist/main.js --migrate` in a bot service image',
  );
  logger.flush();
  process.exit(1);
}

try {
  const config = loadWebappConfig(process.env);
  const db = createDatabase({
    url: config.database.url,
    max: config.database.poolMax,
    preparedStatements: config.database.preparedStatements,
  });
  const app = await buildApp({
    db,
    logger,
    catalogue: loadInstruments(),
    proBotToken: config.proBotToken,
    initDataMaxAgeSeconds: config.initDataMaxAgeSeconds,
    trialMilli: config.trialMilli,
  });
  app.addHook('onClose', () => db.destroy());
  closeOnSignals(app, logger);
  await app.listen({ host: config.host, port: config.port });
} catch (error) {
  exitWithOneLine(logger, error);
}
