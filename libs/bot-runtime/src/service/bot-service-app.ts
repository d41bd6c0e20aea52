import type { Database } from '@psycheos/db';
import { publishBotUsername } from '@psycheos/db';
import type { NatsLink } from '@psycheos/events';
import { OutboxRelay } from '@psycheos/events';
import type { BotId, ErrorReporter, Logger } from '@psycheos/platform';
import {
  acceptedSecrets,
  BackgroundTasks,
  createHttpServer,
  type HealthCount,
  registerHealthCountGauges,
  registerMetricsRoute,
  ServiceMetrics,
} from '@psycheos/platform';
import type { FastifyInstance } from 'fastify';
import type { Middleware } from 'grammy';
import type { Kysely } from 'kysely';
import type { ServiceConfig } from '../config/service-config';
import type { PipelineContext } from '../pipeline/pipeline-context';
import type { WebhookPipelineDeps } from '../pipeline/webhook-pipeline';
import { registerWebhookRoute } from '../pipeline/webhook-route';
import { ReplyMetrics } from '../replies/reply-metrics';
import { type ReplyRenderer, ReplySender } from '../replies/reply-sender';
import { keepTablesBounded } from '../retention/keep-tables-bounded';
import { watchTelegramLink } from '../telegram/link-watch';
import type { TelegramClient } from '../telegram/telegram-client';
import { DatabaseWriteRefusals } from './database-write-refusals';
import { registerServiceGauges } from './service-gauges';
import { registerServiceHealth } from './service-health';

/** What every bot service is built from; main.ts makes the real ones, tests make their own. */
export interface ServiceDeps {
  config: ServiceConfig;
  db: Kysely<Database>;
  telegram: TelegramClient;
  logger: Logger;
  errors: ErrorReporter;
  /** The link to NATS; null when NATS_URL is not set (events then stay in the outbox). */
  nats: NatsLink | null;
  /** Told the bot's reply sender and background sends once built; tests wait on them. */
  onSenders?: (senders: { replies: ReplySender; background: BackgroundTasks }) => void;
  /** Sender timings for tests: how often it polls and a standby retries, the first retry's delay. */
  replyTimings?: { pollMs?: number; leaseRetryMs?: number; retryBaseMs?: number };
  /** How often getMe checks the token (telegram/link-watch.ts); tests shorten it. */
  telegramCheckMs?: number;
  /**
   * What main.ts opened for this app and only it closes (the database pool, Sentry): run by
   * the app's own onClose, after every other hook, since they all still need the database.
   * Tests leave it out: their harness closes its own database.
   */
  releaseLast?: () => Promise<void>;
}

/** What a bot adds to the shared service beyond its handlers. */
export interface BotServiceOptions {
  /** Calls its reply sender renders at send time (replies/reply-sender.ts). */
  replyRenderers?: Readonly<Record<string, ReplyRenderer>>;
  /** Updates the flood limit must never drop (pipeline/webhook-pipeline.ts). */
  mustBeHandled?: WebhookPipelineDeps['mustBeHandled'];
  /** Counts an operator must see, on /health and /metrics (service/health-count.ts). */
  healthCounts?: readonly HealthCount[];
}

/**
 * A bot's Fastify app: its webhook and /health. Each service's buildApp(deps)
 * calls this with its own grammY handlers; it does not listen.
 */
export async function buildBotServiceApp(
  deps: ServiceDeps,
  handlers: Middleware<PipelineContext>,
  options: BotServiceOptions = {},
): Promise<FastifyInstance> {
  const botId: BotId = deps.config.botId;
  const app = createHttpServer({ logger: deps.logger });
  const metrics = new ServiceMetrics(botId);
  const background = new BackgroundTasks();
  const replies = new ReplySender({
    botId,
    db: deps.db,
    api: deps.telegram.api,
    logger: deps.logger,
    metrics: new ReplyMetrics(botId, metrics.registry),
    leaseUrl: deps.config.database.migrationUrl,
    windowSize: deps.config.replyWindow,
    // Two seconds of the bot's budget at once: a known person's reply then waits behind
    // at most that much of a strangers' backlog.
    maxInFlight: Math.min(Math.max(deps.config.telegramPerSecond * 2, 1), deps.config.replyWindow),
    maxAgeMs: deps.config.replyMaxAgeSeconds * 1_000,
    settledRetentionHours: deps.config.retention.settledReplyHours,
    renderers: options.replyRenderers,
    ...deps.replyTimings,
  });
  deps.onSenders?.({ replies, background });

  const writeRefusals = new DatabaseWriteRefusals();
  await registerWebhookRoute(app, {
    noteDatabaseError: (error) => writeRefusals.note(error),
    metrics,
    replies,
    background,
    knownUserIds: deps.config.adminIds,
    floodLimitPerMinute: deps.config.floodLimitPerMinute,
    mustBeHandled: options.mustBeHandled,
    botId,
    secret: acceptedSecrets(deps.config.bot),
    db: deps.db,
    telegram: deps.telegram,
    handlers,
    logger: deps.logger,
    errors: deps.errors,
  });

  registerHealthCountGauges(metrics.registry, options.healthCounts ?? []);
  registerServiceGauges(metrics.registry, {
    botId,
    db: deps.db,
    nats: deps.nats,
    telegramLink: () => deps.telegram.status.link,
  });
  registerMetricsRoute(app, metrics.registry, { token: deps.config.metricsToken });

  let directory: { stop(): void } | undefined;
  let telegramWatch: { stop(): void } | undefined;
  app.addHook('onReady', async () => {
    telegramWatch = watchTelegramLink({
      botId,
      telegram: deps.telegram,
      logger: deps.logger,
      intervalMs: deps.telegramCheckMs,
    });
    replies.start();
    directory = publishBotUsername({
      botId,
      db: deps.db,
      telegram: deps.telegram,
      logger: deps.logger,
    });
  });
  const retention = keepTablesBounded({
    db: deps.db,
    botId,
    logger: deps.logger,
    strangerIntervalMinutes: deps.config.strangerReplyIntervalMinutes,
    periods: deps.config.retention,
  });

  const { nats } = deps;
  const relay = nats ? new OutboxRelay({ db: deps.db, nats, logger: deps.logger }) : null;
  relay?.start();

  // One hook, in the order shutdown needs (Fastify runs separate onClose hooks in reverse
  // order of registration, which is easy to get wrong): the sends in flight finish and are
  // marked while the database is there; what is not sent yet stays in the outbox. This hook
  // is registered first, so it runs after those a service adds (its job runner, say), and
  // releases the database last.
  app.addHook('onClose', async () => {
    await background.idle();
    await replies.stop();
    directory?.stop();
    telegramWatch?.stop();
    await retention.stop();
    await relay?.stop();
    await nats?.close();
    await deps.releaseLast?.();
  });

  registerServiceHealth(app, {
    botId,
    db: deps.db,
    nats,
    telegramLink: () => deps.telegram.status.link,
    isReplySender: () => replies.isActive,
    writeRefusal: () => writeRefusals.current(),
    counts: options.healthCounts,
    launcher: deps.config.launcher,
  });

  return app;
}
