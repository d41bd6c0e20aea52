import { type BillingConfig, readBillingConfig } from '@psycheos/billing';
import { type DatabaseConfig, readDatabaseConfig } from '@psycheos/db';
import type { Launcher } from '@psycheos/events';
import {
  type BotId,
  type Env,
  EnvReader,
  envSuffix,
  isAiToolBot,
  type LogLevel,
  type Parser,
  parsers,
  readLogLevel,
  readWebhookSecrets,
  type WebhookSecrets,
} from '@psycheos/platform';
import { type RetentionPeriods, readRetentionPeriods } from '../retention/retention-periods';
import { SPECIALIST_TERMS_MAX_LENGTH } from './specialist-terms';

export interface BotCredentials extends WebhookSecrets {
  token: string;
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
  /** RETENTION_*: how long each growing table keeps a row (retention/retention-periods.ts). */
  retention: RetentionPeriods;
  /**
   * PSYCHEOS_LAUNCHER: `npm-start` when the local launcher runs the process (it sets it),
   * else `image`; messages to operators name the commands that fit (parked events).
   */
  launcher: Launcher;
  host: string;
  port: number;
}

const launcher: Parser<Launcher> = (raw) =>
  raw === 'npm-start' || raw === 'image'
    ? { ok: true, value: raw }
    : { ok: false, problem: 'must be npm-start or image' };

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
    apiKey: env.optional('ANTHROPIC_API_KEY', parsers.text),
    baseUrl: env.optional('ANTHROPIC_BASE_URL', parsers.httpUrl),
    model: env.optional('ANTHROPIC_MODEL', parsers.text, DEFAULT_ANTHROPIC_MODEL),
    jobConcurrency: env.optional('AI_JOB_CONCURRENCY', parsers.positiveInt, 8),
    requestTimeoutSeconds: env.optional('AI_REQUEST_TIMEOUT_SECONDS', parsers.positiveInt, 120),
    maxAttempts: env.optional('AI_MAX_ATTEMPTS', parsers.positiveInt, 4),
  };
}

export const DEFAULT_TELEGRAM_API_ROOT = 'https://api.telegram.org';

/**
 * The configuration of one bot's service. It demands only that bot's token and
 * secret, so each bot's team deploys with its own variables.
 */
export function loadServiceConfig(botId: BotId, rawEnv: Env): ServiceConfig {
  const env = new EnvReader(rawEnv);
  const suffix = envSuffix(botId);
  const logLevel = readLogLevel(env);
  const bot = {
    token: env.required(`TG_TOKEN_${suffix}`, parsers.botToken),
    ...readWebhookSecrets(env, botId),
  };
  const config: ServiceConfig = {
    botId,
    botConfig: new Map([[botId, bot]]),
    bot,
    telegramApiRoot: env.optional('TELEGRAM_API_ROOT', parsers.httpUrl, DEFAULT_TELEGRAM_API_ROOT),
    database: readDatabaseConfig(env),
    adminIds: env.optional('ADMIN_IDS', parsers.telegramIdSet, new Set<number>()),
    natsUrl: env.optional('NATS_URL', parsers.natsUrl),
    natsStreamReplicas: env.optional('NATS_STREAM_REPLICAS', parsers.positiveInt, 1),
    sentryDsn: env.optional('SENTRY_DSN', parsers.httpUrl),
    metricsToken: env.optional('METRICS_TOKEN', parsers.bearerToken),
    // Only the AI tools read Claude's settings; an empty reader gives the others the defaults.
    ai: readAiConfig(isAiToolBot(botId) ? env : new EnvReader({})),
    billing: readBillingConfig(isAiToolBot(botId) || botId === 'pro' ? env : new EnvReader({})),
    dashboardUrl: botId === 'pro' ? env.optional('WEBAPP_URL', parsers.miniAppUrl) : undefined,
    specialistTermsText:
      botId === 'pro'
        ? env.optional('SPECIALIST_TERMS_TEXT', parsers.messageText(SPECIALIST_TERMS_MAX_LENGTH))
        : undefined,
    logLevel,
    debug: logLevel === 'debug' || logLevel === 'trace',
    floodLimitPerMinute: env.optional('FLOOD_LIMIT_PER_MINUTE', parsers.positiveInt, 60),
    strangerReplyIntervalMinutes: env.optional(
      'STRANGER_REPLY_INTERVAL_MINUTES',
      parsers.nonNegativeInt,
      10,
    ),
    telegramPerSecond: env.optional('TELEGRAM_MAX_PER_SECOND', parsers.positiveInt, 30),
    telegramChatIntervalMs: env.optional(
      'TELEGRAM_CHAT_INTERVAL_MS',
      parsers.nonNegativeInt,
      1_000,
    ),
    telegramChatBurst: env.optional('TELEGRAM_CHAT_BURST', parsers.positiveInt, 3),
    replyWindow: env.optional('REPLY_WINDOW', parsers.positiveInt, 200),
    replyMaxAgeSeconds: env.optional('REPLY_MAX_AGE_SECONDS', parsers.positiveInt, 3_600),
    retention: readRetentionPeriods(env),
    launcher: env.optional('PSYCHEOS_LAUNCHER', launcher, 'image'),
    // Loopback unless told: a bot service is reached through the gateway, never from outside.
    // The image sets HOST=0.0.0.0, its container network being the private one.
    host: env.optional('HOST', parsers.host, '127.0.0.1'),
    port: env.optional('PORT', parsers.port, 8080),
  };
  env.finish();
  return config;
}
