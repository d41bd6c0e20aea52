import { closeOnSignals, createLogger, exitWithOneLine, loadGatewayConfig } from '@psycheos/shared';
import { buildApp } from './app';

const logger = createLogger({ service: 'gateway', debug: process.env.DEBUG === 'true' });

try {
  const config = loadGatewayConfig(process.env);
  if (config.disabledBots.length > 0) {
    logger.warn(
      { disabled: config.disabledBots },
      'some bots have no SERVICE_URL_<BOT>; their webhooks answer 404',
    );
  }
  const app = await buildApp({ config, logger });
  closeOnSignals(app, logger);
  await app.listen({ host: config.host, port: config.port });
} catch (error) {
  exitWithOneLine(logger, error);
}
