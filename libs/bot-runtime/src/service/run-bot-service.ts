import { createDatabase } from '@psycheos/db';
import { NatsLink, parkedEventsImageCommand, runParkedEventsCommand } from '@psycheos/events';
import { migrateToLatest, runMigrations } from '@psycheos/migrations';
import type { BotId } from '@psycheos/platform';
import {
  ConfigError,
  closeOnSignals,
  createErrorReporter,
  createLogger,
  exitWithOneLine,
  exitWithReason,
  logEveryExit,
  logLevelOf,
  StartupError,
} from '@psycheos/platform';
import type { FastifyInstance } from 'fastify';
import { loadServiceConfig } from '../config/service-config';
import { telegramClientFor } from '../telegram/telegram-plugins';
import type { ServiceDeps } from './bot-service-app';

/**
 * The whole of a bot service's main.ts: read config, migrate, build, listen, shut down
 * on signals. A problem an operator must fix ends the process with one clear line.
 */
export async function runBotService(
  botId: BotId,
  buildApp: (deps: ServiceDeps) => Promise<FastifyInstance>,
): Promise<void> {
  const logger = createLogger({ service: botId, level: logLevelOf(process.env) });
  logEveryExit(logger);
  try {
    if (process.argv.includes('--migrate')) {
      await runMigrations(logger).catch((error: unknown) => {
        throw error instanceof ConfigError
          ? error
          : new StartupError('cannot migrate the database (DATABASE_URL)', error);
      });
      // The one-shot deploy step: it never goes on to serve, whatever else is configured.
      exitWithReason(logger, 0, 'the --migrate step is done; exiting');
    }
    const parked = parkedEventsImageCommand(process.argv);
    if (parked) {
      // One-shot operator commands on this service's parked events (docs/OPERATIONS.md).
      await runParkedEventsCommand({
        mode: parked.mode,
        streamSeq: parked.streamSeq,
        env: process.env,
        logger,
        consumerPrefix: `${botId}-`,
        print: (line) => process.stdout.write(`${line}\n`),
      });
      exitWithReason(logger, 0, `the ${parked.flag} command is done; exiting`);
    }
    const config = loadServiceConfig(botId, process.env);
    const errors = await createErrorReporter({
      dsn: config.sentryDsn,
      debug: config.debug,
      service: botId,
    });
    const migrated = await migrateToLatest(config.database.migrationUrl).catch((error: unknown) => {
      throw new StartupError('cannot migrate the database (DATABASE_URL)', error);
    });
    if (migrated.newerInDatabase) {
      logger.info(
        { newer: migrated.newerInDatabase },
        'the database is ahead of this release (a newer one migrated it); running on it',
      );
    }
    const db = createDatabase({
      url: config.database.url,
      max: config.database.poolMax,
      preparedStatements: config.database.preparedStatements,
      applicationName: `psycheos-${botId}`,
      onIdleClientError: (error) => logger.warn({ err: error }, 'idle database connection lost'),
    });
    const telegram = telegramClientFor(config);
    const nats = config.natsUrl
      ? new NatsLink({ url: config.natsUrl, logger, replicas: config.natsStreamReplicas })
      : null;
    if (!nats) logger.warn('NATS_URL is not set: cross-bot events wait in the outbox');
    const app = await buildApp({
      config,
      db,
      telegram,
      logger,
      errors,
      nats,
      releaseLast: async () => {
        await db.destroy();
        await errors.flush();
      },
    });
    closeOnSignals(app, logger);
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    exitWithOneLine(logger, error);
  }
}
