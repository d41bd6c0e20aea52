import type { FastifyInstance } from 'fastify';
import type { Update } from 'grammy/types';
import { type BotId, envSuffix } from '../bots';
import { loadServiceConfig } from '../config/service-config';
import { type ErrorReporter, silentErrorReporter } from '../observability/error-reporter';
import type { ServiceDeps } from '../service/bot-service-app';
import { ReplyQueue } from '../telegram/reply-queue';
import { SECRET_HEADER } from '../telegram/secret';
import { telegramClientFor } from '../telegram/telegram-plugins';
import { captureLogs } from './capture-logs';
import { type FakeTelegram, startFakeTelegram } from './fake-telegram';
import { createTestDatabase, type TestDatabase } from './test-database';
import { testNatsLink } from './test-nats';

export interface ServiceHarness {
  app: FastifyInstance;
  deps: ServiceDeps;
  database: TestDatabase;
  telegram: FakeTelegram;
  logLines: string[];
  secret: string;
  token: string;
  /** POSTs an update to the bot's webhook as Telegram would; returns the HTTP answer. */
  deliver(update: Update): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  botId: BotId;
  buildApp: (deps: ServiceDeps) => Promise<FastifyInstance>;
  env?: Record<string, string>;
  errors?: ErrorReporter;
  /**
   * Connects to the test NATS server: `true` for a stream and subjects of this harness's
   * own, or a namespace shared with other harnesses of the same test.
   */
  nats?: boolean | { streamName: string; subjectPrefix: string };
  /** A database shared with other harnesses (several bots in one test); not dropped on close. */
  database?: TestDatabase;
}

/**
 * A bot service wired as in production, against a real database of the test file's
 * own and a fake Bot API. Config goes through loadServiceConfig, as main.ts does.
 */
export async function startServiceHarness(options: HarnessOptions): Promise<ServiceHarness> {
  const database = options.database ?? (await createTestDatabase());
  const telegram = await startFakeTelegram();
  const suffix = envSuffix(options.botId);
  const token = '1000001:TEST-token_for-harness';
  const secret = `test-secret-${options.botId}`;
  const config = loadServiceConfig(options.botId, {
    [`TG_TOKEN_${suffix}`]: token,
    [`TG_WEBHOOK_SECRET_${suffix}`]: secret,
    DATABASE_URL: database.url,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    // The fake Bot API has no limits: throttle only where a test asks to.
    TELEGRAM_MAX_PER_SECOND: '10000',
    TELEGRAM_CHAT_INTERVAL_MS: '0',
    ...options.env,
  });
  const logs = captureLogs(options.botId);
  const replies = new ReplyQueue();
  const deps: ServiceDeps = {
    replies,
    config,
    db: database.db,
    telegram: telegramClientFor(config),
    logger: logs.logger,
    errors: options.errors ?? silentErrorReporter,
    nats: !options.nats
      ? null
      : testNatsLink(logs.logger, options.nats === true ? undefined : options.nats),
  };
  const app = await options.buildApp(deps);
  await app.ready();

  return {
    app,
    deps,
    database,
    telegram,
    logLines: logs.lines,
    secret,
    token,
    async deliver(update) {
      const response = await app.inject({
        method: 'POST',
        url: `/webhook/${options.botId}`,
        headers: { [SECRET_HEADER]: secret, 'content-type': 'application/json' },
        payload: JSON.stringify(update),
      });
      // Replies go out after the answer; a test looks at them once they have.
      await replies.idle();
      return { status: response.statusCode, body: response.json() };
    },
    async close() {
      await deps.nats?.deleteStream();
      await app.close();
      await telegram.close();
      if (!options.database) await database.destroy();
    },
  };
}
