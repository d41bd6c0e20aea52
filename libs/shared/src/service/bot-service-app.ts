import type { FastifyInstance } from 'fastify';
import type { Middleware } from 'grammy';
import { type Kysely, sql } from 'kysely';
import { type BotId, VERSION } from '../bots';
import type { ServiceConfig } from '../config/service-config';
import type { Database } from '../db/schema';
import type { NatsLink } from '../events/nats-link';
import { OutboxRelay, outboxBacklog } from '../events/outbox-relay';
import { publishBotUsername } from '../launch/bot-directory';
import type { ErrorReporter } from '../observability/error-reporter';
import type { Logger } from '../observability/logger';
import { registerMetricsRoute, ServiceMetrics } from '../observability/metrics';
import { keepDedupBounded } from '../pipeline/dedup-retention';
import type { PipelineContext } from '../pipeline/pipeline-context';
import { registerWebhookRoute } from '../pipeline/webhook-route';
import { ReplyQueue } from '../telegram/reply-queue';
import type { TelegramClient } from '../telegram/telegram-client';
import { createHttpServer } from './http-server';

/** What every bot service is built from; main.ts makes the real ones, tests make their own. */
export interface ServiceDeps {
  config: ServiceConfig;
  db: Kysely<Database>;
  telegram: TelegramClient;
  logger: Logger;
  errors: ErrorReporter;
  /** The link to NATS; null when NATS_URL is not set (events then stay in the outbox). */
  nats: NatsLink | null;
  /** Where replies wait after the webhook is answered; tests pass theirs to wait on it. */
  replies?: ReplyQueue;
}

const HEALTH_CHECK_TIMEOUT_MS = 1_000;

/**
 * A bot's Fastify app: its webhook and /health. Each service's buildApp(deps)
 * calls this with its own grammY handlers; it does not listen.
 */
export async function buildBotServiceApp(
  deps: ServiceDeps,
  handlers: Middleware<PipelineContext>,
): Promise<FastifyInstance> {
  const botId: BotId = deps.config.botId;
  const app = createHttpServer({ logger: deps.logger });
  const metrics = new ServiceMetrics(botId);
  const replies = deps.replies ?? new ReplyQueue();
  // Registered first, so it runs before the other close hooks: replies go out before NATS
  // and the database close (graceful shutdown: in-flight updates are answered in full).
  app.addHook('onClose', () => replies.idle());

  await registerWebhookRoute(app, {
    metrics,
    replies,
    floodLimitPerMinute: deps.config.floodLimitPerMinute,
    botId,
    secret: deps.config.bot.secret,
    db: deps.db,
    telegram: deps.telegram,
    handlers,
    logger: deps.logger,
    errors: deps.errors,
  });

  registerMetricsRoute(app, metrics.registry);

  let directory: { stop(): void } | undefined;
  app.addHook('onReady', async () => {
    directory = publishBotUsername({
      botId,
      db: deps.db,
      telegram: deps.telegram,
      logger: deps.logger,
    });
  });
  app.addHook('onClose', async () => directory?.stop());
  const retention = keepDedupBounded(deps.db, botId, deps.logger);
  app.addHook('onClose', async () => retention.stop());

  const { nats } = deps;
  if (nats) {
    const relay = new OutboxRelay({ db: deps.db, nats, logger: deps.logger });
    relay.start();
    app.addHook('onClose', async () => {
      await relay.stop();
      await nats.close();
    });
  }

  // 503 only when the database is gone: without NATS the bot still serves its users.
  app.get('/health', async (_request, reply) => {
    const database = (await isDatabaseReachable(deps.db)) ? 'up' : 'down';
    const natsState = nats ? (nats.connected ? 'connected' : 'disconnected') : 'not_configured';
    const backlog = database === 'up' ? await outboxBacklog(deps.db).catch(() => null) : null;
    const status = database === 'up' && natsState !== 'disconnected' ? 'ok' : 'degraded';
    return reply.code(database === 'up' ? 200 : 503).send({
      status,
      version: VERSION,
      bot: botId,
      database,
      nats: natsState,
      outbox_backlog: backlog,
    });
  });

  return app;
}

async function isDatabaseReachable(db: Kysely<Database>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), HEALTH_CHECK_TIMEOUT_MS);
  });
  const probe = sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
