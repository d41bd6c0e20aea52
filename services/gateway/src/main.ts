import {
  closeOnSignals,
  createLogger,
  exitWithOneLine,
  loadGatewayConfig,
  logLevelOf,
} from '@psycheos/platform';
import { buildApp } from './app';

const logger = createLogger({ service: 'gateway', level: logLevelOf(process.env) });

if (process.argv.includes('--migrate')) {
  // The gateway holds no data; serving here instead would leave a release step hanging.
  logger.fatal(
    'the gateway has no database to migrate: run `node dist/main.js --migrate` in a bot service image',
  );
  logger.flush();
  process.exit(1);
}

try {
  const config = loadGatewayConfig(process.env);
  if (config.routes.size === 0) {
    logger.warn('no bot is enabled (no SERVICE_URL_<BOT>): every webhook answers 404');
  } else if (config.disabledBots.length > 0) {
    logger.info(
      { disabled: config.disabledBots },
      'some bots have no SERVICE_URL_<BOT>; their webhooks answer 404',
    );
  }
  if (!config.metricsToken) {
    logger.info('no METRICS_TOKEN: the gateway serves no /metrics (it faces the internet)');
  }
  const app = await buildApp({ config, logger });
  closeOnSignals(app, logger);
  await app.listen({ host: config.host, port: config.port });
} catch (error) {
  exitWithOneLine(logger, error);
}
