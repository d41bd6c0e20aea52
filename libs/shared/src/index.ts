export { answerEverywhere } from './access/answer-everywhere';
export { replyToStranger } from './access/stranger-replies';
export { ALLOWED_UPDATES, BOT_IDS, type BotId, envSuffix, isBotId, VERSION } from './bots';
export { crisisAlertCallback, crisisAlertPattern } from './cases/crisis-alert-buttons';
export { CASE_COLUMNS, findOwnCase } from './cases/own-case';
export {
  SCHEDULE_TASK,
  type ScheduleJobPayload,
  scheduleJobKey,
} from './cases/screening-schedule';
export { type Clock, systemClock } from './clock';
export {
  type BillingConfig,
  MILLI,
  readBillingConfig,
  type StarProduct,
  type TokenPrices,
} from './config/billing-config';
export { ConfigError } from './config/config-error';
export { type Env, EnvReader, type Parser } from './config/env-reader';
export {
  type GatewayConfig,
  type GatewayRoute,
  loadGatewayConfig,
} from './config/gateway-config';
export { LOG_LEVELS, type LogLevel, logLevelOf, readLogLevel } from './config/log-level';
export * as parsers from './config/parsers';
export {
  type AiConfig,
  type BotCredentials,
  type DatabaseConfig,
  DEFAULT_ANTHROPIC_MODEL,
  DEFAULT_TELEGRAM_API_ROOT,
  loadServiceConfig,
  readDatabaseConfig,
  type ServiceConfig,
} from './config/service-config';
export {
  SPECIALIST_TERMS_MAX_LENGTH,
  type SpecialistTerms,
  specialistTerms,
} from './config/specialist-terms';
export { loadWebappConfig, type WebappConfig } from './config/webapp-config';
export {
  acceptedSecrets,
  readWebhookSecrets,
  requireDistinctSecrets,
  type WebhookSecrets,
} from './config/webhook-secrets';
export { createDatabase, createPool, type PoolOptions } from './db/connect';
export { migrateToLatest } from './db/migrate';
export { runMigrations } from './db/migrate-command';
export type * from './db/schema';
export {
  type CaseRef,
  type ClientStopReason,
  EVENT_VERSION,
  type EventEnvelope,
  type EventPayloads,
  type EventSubject,
  newEnvelope,
  parseEvent,
  type ScheduleRef,
} from './events/catalogue';
export { EventConsumer, type EventConsumerSpec } from './events/event-consumer';
export { type EventTransportOptions, NatsLink, natsServerOptions } from './events/nats-link';
export {
  INSTALL_NATS,
  isNatsServerInstalled,
  type NatsServerProcess,
  startNatsServerProcess,
  stopChild,
} from './events/nats-server-process';
export { enqueueEvent } from './events/outbox';
export { OutboxRelay, outboxBacklog } from './events/outbox-relay';
export {
  listParkedEvents,
  type ParkedEvent,
  type ReplayResult,
  replayParkedEvents,
} from './events/parked-events';
export { type ParkedEventsMode, runParkedEventsCommand } from './events/parked-events-command';
export { eraseRequestedEvents } from './events/stream-erasure';
export {
  type IdempotencyKeyParts,
  makeIdempotencyKey,
  personKeyPart,
  SCOPE_TG_UPDATE,
} from './idempotency';
export { isUuid } from './ids';
export { findBotUsername, publishBotUsername } from './launch/bot-directory';
export {
  type CaseBot,
  type CaseLaunch,
  createLaunchToken,
  LAUNCH_SCOPE,
  type Launch,
  type LaunchableBot,
  type LaunchOf,
  type LaunchRefusal,
  type LaunchRequest,
  type LaunchScope,
  launchScopeOf,
  type PracticeLaunch,
  redeemLaunchToken,
  type SpecialistBot,
} from './launch/launch-tokens';
export {
  createErrorReporter,
  type ErrorReporter,
  type ErrorTags,
  scrubBotTokens,
  silentErrorReporter,
} from './observability/error-reporter';
export { createLogger, type Logger, serializeError } from './observability/logger';
export {
  createMetricsRegistry,
  LATENCY_BUCKETS,
  registerMetricsRoute,
  ServiceMetrics,
  type WebhookOutcome,
} from './observability/metrics';
export {
  type ChatState,
  type ChatStateChange,
  upsertChatState,
} from './pipeline/chat-state';
export { DEDUP_RETENTION_HOURS, pruneDedup } from './pipeline/dedup-retention';
export type { PipelineContext, PipelineFlavor } from './pipeline/pipeline-context';
export {
  createWebhookPipeline,
  parseUpdate,
  type WebhookPipelineDeps,
  type WebhookRequest,
  type WebhookResponse,
} from './pipeline/webhook-pipeline';
export { registerWebhookRoute, WEBHOOK_BODY_LIMIT } from './pipeline/webhook-route';
export {
  enqueueReplies,
  enqueueUrgentReplies,
  REPLY_PRIORITY,
  type ReplyBatch,
  type ReplyPriority,
  replyBacklog,
} from './replies/reply-outbox';
export { type ReplyRenderer, ReplySender } from './replies/reply-sender';
export { keepTablesBounded } from './retention/keep-tables-bounded';
export {
  pruneChatStates,
  pruneEvents,
  pruneLaunchTokens,
  pruneTables,
  RETENTION,
} from './retention/prune-tables';
export { characters, charactersGenitive } from './russian/nouns';
export { counted, type PluralForms, plural } from './russian/plural';
export { BackgroundTasks } from './service/background-tasks';
export {
  type BotServiceOptions,
  buildBotServiceApp,
  type ServiceDeps,
} from './service/bot-service-app';
export { freePort } from './service/free-port';
export { closeOnSignals, SHUTDOWN_DEADLINE_MS } from './service/graceful-shutdown';
export type { HealthCount } from './service/health-count';
export { createHttpServer, type HttpServerOptions } from './service/http-server';
export { pipeLines } from './service/pipe-lines';
export { exitWithOneLine, runBotService } from './service/run-bot-service';
export { DeferredTelegramCalls, deferRenderedCall } from './telegram/deferred-calls';
export { LINK_CHECK_MS, watchTelegramLink } from './telegram/link-watch';
export { SECRET_HEADER, secretMatches } from './telegram/secret';
export { TelegramClient, type TelegramClientOptions } from './telegram/telegram-client';
export { TELEGRAM_MESSAGE_LIMIT } from './telegram/telegram-limits';
export { telegramClientFor } from './telegram/telegram-plugins';
export { networkReason, type TelegramLink, TelegramStatus } from './telegram/telegram-status';
