export {
  AI_TOOL_BOTS,
  type AiToolBot,
  ALLOWED_UPDATES,
  BOT_CATALOGUE,
  BOT_IDS,
  type BotId,
  envSuffix,
  isAiToolBot,
  isBotId,
  VERSION,
} from './bots';
export { type Clock, systemClock } from './clock';
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
  acceptedSecrets,
  readWebhookSecrets,
  requireDistinctSecrets,
  type WebhookSecrets,
} from './config/webhook-secrets';
export { WEBHOOK_BODY_LIMIT } from './http/webhook-body-limit';
export { SECRET_HEADER, secretMatches } from './http/webhook-secret';
export {
  type IdempotencyKeyParts,
  makeIdempotencyKey,
  personKeyPart,
  SCOPE_TG_UPDATE,
} from './idempotency';
export { isUuid } from './ids';
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
export { createProcessSignal } from './process-signal';
export { BackgroundTasks } from './service/background-tasks';
export { exitWithReason, logEveryExit } from './service/exit-reason';
export { exitWithOneLine, StartupError } from './service/exit-with-one-line';
export { freePort } from './service/free-port';
export { closeOnSignals, SHUTDOWN_DEADLINE_MS } from './service/graceful-shutdown';
export { type HealthCount, registerHealthCountGauges } from './service/health-count';
export { createHttpServer, type HttpServerOptions } from './service/http-server';
export { pipeLines } from './service/pipe-lines';
