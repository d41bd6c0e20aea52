import { join } from 'node:path';
import { startLocalBotApi } from '@psycheos/local-bot-api';
import { closeOnSignals, createLogger, exitWithOneLine, logLevelOf } from '@psycheos/platform';
import { buildApp } from './app';
import { loadPlaygroundConfig } from './config';
import { PeopleStore } from './people-store';
import { registerWebhooks } from './register-webhooks';

const logger = createLogger({ service: 'playground', level: logLevelOf(process.env) });

try {
  const config = loadPlaygroundConfig(process.env);
  const people = await PeopleStore.open(config.dataDir, config.adminId);
  const botApi = await startLocalBotApi({
    port: config.botApiPort,
    bots: config.bots.map(({ token, username, firstName }) => ({ token, username, firstName })),
    // Telegram's flood limits, so a bot that would be throttled in production is here too.
    rateLimits: true,
    dataDir: join(config.dataDir, 'bot-api'),
    // The playground runs for hours: keeping every call would only grow.
    recordCalls: false,
    // Edits and deletes of messages it never kept are refused, as Telegram refuses them.
    strictMessages: true,
  });
  await registerWebhooks(botApi.apiRoot, config.bots, config.gatewayUrl);
  const app = await buildApp({ botApi, config, people, logger, clock: () => new Date() });
  // Registered last, so Fastify runs it first: the pages' requests are done, and the local
  // Bot API stops taking the bots' calls before the playground's own hooks.
  app.addHook('onClose', () => botApi.close());
  closeOnSignals(app, logger);
  await app.listen({ host: config.host, port: config.port });
  // The page is opened through the gateway, on the dashboard's origin, so it can frame it.
  const page = `${new URL(config.dashboardUrl).origin}/playground`;
  logger.info({ page, port: config.port, botApi: botApi.apiRoot }, `playground listening: ${page}`);
} catch (error) {
  exitWithOneLine(logger, error);
}
