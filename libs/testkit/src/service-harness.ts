import type { ReplySender, ServiceDeps } from '@psycheos/bot-runtime';
import { loadServiceConfig, telegramClientFor } from '@psycheos/bot-runtime';
import { type FakeTelegram, startFakeTelegram } from '@psycheos/local-bot-api';
import type { BackgroundTasks } from '@psycheos/platform';
import {
  type BotId,
  type ErrorReporter,
  envSuffix,
  SECRET_HEADER,
  silentErrorReporter,
} from '@psycheos/platform';
import type { FastifyInstance } from 'fastify';
import type { Update } from 'grammy/types';
import { captureLogs } from './capture-logs';
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
  /** Resolves once every committed reply has been sent (or settled as failed). */
  repliesSent(): Promise<void>;
  /** This harness's reply sender. */
  replySender(): ReplySender;
  /**
   * POSTs an update to the bot's webhook as Telegram would; returns the HTTP answer once
   * the replies have been sent, or at once with `{ waitForReplies: false }`.
   */
  deliver(
    update: Update,
    options?: { waitForReplies?: boolean },
  ): Promise<{ status: number; body: unknown }>;
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
  /** How often the service checks its token with getMe (default: production's minute). */
  telegramCheckMs?: number;
}

/**
 * A bot service wired as in production, against a real database of the test file's
 * own and the local Bot API recording every call. Config goes through loadServiceConfig, as
 * main.ts does.
 */
export async function startServiceHarness(options: HarnessOptions): Promise<ServiceHarness> {
  const database = options.database ?? (await createTestDatabase());
  const telegram = await startFakeTelegram();
  const suffix = envSuffix(options.botId);
  const token = '1000001:TEST-token_for-harness';
  const secret = `test-webhook-secret-of-the-${options.botId}-bot`.padEnd(48, '0');
  const config = loadServiceConfig(options.botId, {
    [`TG_TOKEN_${suffix}`]: token,
    [`TG_WEBHOOK_SECRET_${suffix}`]: secret,
    DATABASE_URL: database.url,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    // The local Bot API's flood limits are off here: throttle only where a test asks to.
    TELEGRAM_MAX_PER_SECOND: '10000',
    TELEGRAM_CHAT_INTERVAL_MS: '0',
    ...options.env,
  });
  const logs = captureLogs(options.botId);
  let senders: { replies: ReplySender; background: BackgroundTasks } | undefined;
  const deps: ServiceDeps = {
    // Only this harness's own app: a test may build more apps from these deps.
    onSenders: (built) => {
      senders ??= built;
    },
    // A standby takes over, and a failed send is retried, within a test's patience.
    replyTimings: { pollMs: 50, leaseRetryMs: 100, retryBaseMs: 50 },
    telegramCheckMs: options.telegramCheckMs,
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
  const repliesSent = async () => {
    await senders?.background.idle();
    await senders?.replies.idle();
  };

  return {
    app,
    deps,
    database,
    telegram,
    logLines: logs.lines,
    secret,
    token,
    repliesSent,
    replySender: () => {
      if (!senders) throw new Error('the app was built without a reply sender');
      return senders.replies;
    },
    async deliver(update, { waitForReplies = true } = {}) {
      const response = await app.inject({
        method: 'POST',
        url: `/webhook/${options.botId}`,
        headers: { [SECRET_HEADER]: secret, 'content-type': 'application/json' },
        payload: JSON.stringify(update),
      });
      // Replies go out after the answer; a test looks at them once they have.
      if (waitForReplies) await repliesSent();
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
