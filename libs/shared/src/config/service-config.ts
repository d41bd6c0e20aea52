import { type BotId, envSuffix } from '../bots';
import { type BillingConfig, readBillingConfig } from './billing-config';
import { type Env, EnvReader } from './env-reader';
import { type LogLevel, readLogLevel } from './log-level';
import {
  bearerToken,
  boolean,
  botToken,
  host,
  httpUrl,
  messageText,
  miniAppUrl,
  natsUrl,
  nonNegativeInt,
  port,
  positiveInt,
  postgresUrl,
  telegramIdSet,
  text,
} from './parsers';
import { SPECIALIST_TERMS_MAX_LENGTH } from './specialist-terms';
import { readWebhookSecrets, type WebhookSecrets } from './webhook-secrets';

export interface BotCredentials extends WebhookSecrets {
  token: string;
}

export interface DatabaseConfig {
  /** What the service queries through: DATABASE_URL_POOLER when set, else DATABASE_URL. */
  url: string;
  /** Migrations need a direct connection (advisory locks, DDL), so always DATABASE_URL. */
  migrationUrl: string;
  /** DB_POOL_SIZE + DB_MAX_OVERFLOW: pg's pool has one ceiling, not a base and an overflow. */
  poolMax: number;
  /**
   * DB_PREPARED_STATEMENTS: prepare each statement once per connection. On by default;
   * off by default behind DATABASE_URL_POOLER (PgBouncer keeps them only from 1.21 on).
   */
  preparedStatements: boolean;
}

export interface ServiceConfig {
  botId: BotId;
  /** The spec's bot_config, holding only the bot this process serves. */
  botConfig: ReadonlyMap<BotId, BotCredentials>;
  bot: BotCredentials;
  telegramApiRoot: string;
  database: DatabaseConfig;
  adminIds: ReadonlySet<number>;
  natsUrl: string | undefined;
  /** NATS_STREAM_REPLICAS: copies of the event stream when it is created (3 on a cluster). */
  natsStreamReplicas: number;
  sentryDsn: string | undefined;
  /** METRICS_TOKEN: when set, /metrics answers only a scraper that sends it. */
  metricsToken: string | undefined;
  /** Claude, for the AI tool bots: read by those only; the others get the defaults, no key. */
  ai: AiConfig;
  /** Prices, the trial and the Stars products: read by pro and the AI tools only. */
  billing: BillingConfig;
  /** WEBAPP_URL, read by pro only: the dashboard (Mini App) that «📊 Панель» opens. */
  dashboardUrl: string | undefined;
  /**
   * SPECIALIST_TERMS_TEXT, read by pro only: the terms a specialist accepts before using
   * cases and tools. Unset, pro uses its own default (services/pro/src/texts.ts).
   */
  specialistTermsText: string | undefined;
  /** LOG_LEVEL (or DEBUG): the logger's level. */
  logLevel: LogLevel;
  /** Whether the level shows debug lines (Sentry's own debug output follows it). */
  debug: boolean;
  /** FLOOD_LIMIT_PER_MINUTE: updates one chat may send per minute before it is throttled. */
  floodLimitPerMinute: number;
  /**
   * STRANGER_REPLY_INTERVAL_MINUTES: someone with no business with the bot is answered once
   * in this time, and ignored in between (access/stranger-replies.ts); 0 answers every message.
   */
  strangerReplyIntervalMinutes: number;
  /** TELEGRAM_MAX_PER_SECOND and TELEGRAM_CHAT_INTERVAL_MS: the outgoing throttle. */
  telegramPerSecond: number;
  telegramChatIntervalMs: number;
  /** TELEGRAM_CHAT_BURST: calls one chat may get at once before the interval applies. */
  telegramChatBurst: number;
  /** REPLY_WINDOW: stored replies the sender holds in memory; the rest wait in the table. */
  replyWindow: number;
  /** REPLY_MAX_AGE_SECONDS: a reply not sent by then is marked expired, not sent late. */
  replyMaxAgeSeconds: number;
  host: string;
  port: number;
}

export interface AiConfig {
  /** ANTHROPIC_API_KEY: without it the tools say that AI is not configured here. */
  apiKey: string | undefined;
  /** ANTHROPIC_BASE_URL: the Messages API's root (a proxy, or a test server). */
  baseUrl: string | undefined;
  /** ANTHROPIC_MODEL. */
  model: string;
  /** AI_JOB_CONCURRENCY: model requests one service runs at once; the rest wait in order. */
  jobConcurrency: number;
  /** AI_REQUEST_TIMEOUT_SECONDS: one model request, streaming included, at most this long. */
  requestTimeoutSeconds: number;
  /** AI_MAX_ATTEMPTS: tries of one request through 429, 529, 5xx and timeouts. */
  maxAttempts: number;
}

/** The newest Claude Sonnet @anthropic-ai/sdk 1.14 names (4.5 reaches end of life on 2026-11-30); ANTHROPIC_MODEL overrides it. */
export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-5-5';

function readAiConfig(env: EnvReader): AiConfig {
  return {
    apiKey: env.optional('ANTHROPIC_API_KEY', text),
    baseUrl: env.optional('ANTHROPIC_BASE_URL', httpUrl),
    model: env.optional('ANTHROPIC_MODEL', text, DEFAULT_ANTHROPIC_MODEL),
    jobConcurrency: env.optional('AI_JOB_CONCURRENCY', positiveInt, 8),
    requestTimeoutSeconds: env.optional('AI_REQUEST_TIMEOUT_SECONDS', positiveInt, 120),
    maxAttempts: env.optional('AI_MAX_ATTEMPTS', positiveInt, 4),
  };
}

export const DEFAULT_TELEGRAM_API_ROOT = 'https://api.telegram.org';

/** The bots that talk to Claude. */
const AI_TOOL_BOTS: ReadonlySet<BotId> = new Set([
  'interpretator',
  'conceptualizator',
  'simulator',
]);

export function readDatabaseConfig(env: EnvReader): DatabaseConfig {
  const migrationUrl = env.required('DATABASE_URL', postgresUrl);
  const pooledUrl = env.optional('DATABASE_URL_POOLER', postgresUrl);
  const poolSize = env.optional('DB_POOL_SIZE', positiveInt, 5);
  const maxOverflow = env.optional('DB_MAX_OVERFLOW', nonNegativeInt, 5);
  const preparedStatements = env.optional(
    'DB_PREPARED_STATEMENTS',
    boolean,
    pooledUrl === undefined,
  );
  return {
    url: pooledUrl ?? migrationUrl,
    migrationUrl,
    poolMax: poolSize + maxOverflow,
    preparedStatements,
  };
}

/**
 * The configuration of one bot's service. It demands only that bot's token and
 * secret, so each bot's team deploys with its own variables.
 */
export function loadServiceConfig(botId: BotId, rawEnv: Env): ServiceConfig {
  const env = new EnvReader(rawEnv);
  const suffix = envSuffix(botId);
  const logLevel = readLogLevel(env);
  const bot = {
    token: env.required(`TG_TOKEN_${suffix}`, botToken),
    ...readWebhookSecrets(env, botId),
  };
  const config: ServiceConfig = {
    botId,
    botConfig: new Map([[botId, bot]]),
    bot,
    telegramApiRoot: env.optional('TELEGRAM_API_ROOT', httpUrl, DEFAULT_TELEGRAM_API_ROOT),
    database: readDatabaseConfig(env),
    adminIds: env.optional('ADMIN_IDS', telegramIdSet, new Set<number>()),
    natsUrl: env.optional('NATS_URL', natsUrl),
    natsStreamReplicas: env.optional('NATS_STREAM_REPLICAS', positiveInt, 1),
    sentryDsn: env.optional('SENTRY_DSN', httpUrl),
    metricsToken: env.optional('METRICS_TOKEN', bearerToken),
    // Only the AI tools read Claude's settings; an empty reader gives the others the defaults.
    ai: readAiConfig(AI_TOOL_BOTS.has(botId) ? env : new EnvReader({})),
    billing: readBillingConfig(
      AI_TOOL_BOTS.has(botId) || botId === 'pro' ? env : new EnvReader({}),
    ),
    dashboardUrl: botId === 'pro' ? env.optional('WEBAPP_URL', miniAppUrl) : undefined,
    specialistTermsText:
      botId === 'pro'
        ? env.optional('SPECIALIST_TERMS_TEXT', messageText(SPECIALIST_TERMS_MAX_LENGTH))
        : undefined,
    logLevel,
    debug: logLevel === 'debug' || logLevel === 'trace',
    floodLimitPerMinute: env.optional('FLOOD_LIMIT_PER_MINUTE', positiveInt, 60),
    strangerReplyIntervalMinutes: env.optional(
      'STRANGER_REPLY_INTERVAL_MINUTES',
      nonNegativeInt,
      10,
    ),
    telegramPerSecond: env.optional('TELEGRAM_MAX_PER_SECOND', positiveInt, 30),
    telegramChatIntervalMs: env.optional('TELEGRAM_CHAT_INTERVAL_MS', nonNegativeInt, 1_000),
    telegramChatBurst: env.optional('TELEGRAM_CHAT_BURST', positiveInt, 3),
    replyWindow: env.optional('REPLY_WINDOW', positiveInt, 200),
    replyMaxAgeSeconds: env.optional('REPLY_MAX_AGE_SECONDS', positiveInt, 3_600),
    // Loopback unless told: a bot service is reached through the gateway, never from outside.
    // The image sets HOST=0.0.0.0, its container network being the private one.
    host: env.optional('HOST', host, '127.0.0.1'),
    port: env.optional('PORT', port, 8080),
  };
  env.finish();
  return config;
}
