import { credits, DEFAULT_TRIAL_MILLI } from '@psycheos/billing';
import { type DatabaseConfig, readDatabaseConfig } from '@psycheos/db';
import { type Env, EnvReader, type LogLevel, parsers, readLogLevel } from '@psycheos/platform';

export interface WebappConfig {
  /**
   * TG_TOKEN_PRO: the Mini App opens from pro, so Telegram signs its initData with pro's
   * token; the dashboard checks every API call against it (and never calls the Bot API).
   */
  proBotToken: string;
  database: DatabaseConfig;
  /**
   * WEBAPP_INIT_DATA_MAX_AGE_SECONDS: an initData signed longer ago than this is refused.
   * Whoever holds one acts as the specialist until then: 15 minutes by default, and the
   * page asks to reopen the dashboard (Telegram signs anew on every opening).
   */
  initDataMaxAgeSeconds: number;
  /** BILLING_TRIAL_CREDITS, so the balance shown counts the trial as pro and the tools do. */
  trialMilli: number;
  sentryDsn: string | undefined;
  logLevel: LogLevel;
  host: string;
  port: number;
}

/** The dashboard's configuration (services/webapp). */
export function loadWebappConfig(rawEnv: Env): WebappConfig {
  const env = new EnvReader(rawEnv);
  const config: WebappConfig = {
    proBotToken: env.required('TG_TOKEN_PRO', parsers.botToken),
    database: readDatabaseConfig(env),
    initDataMaxAgeSeconds: env.optional(
      'WEBAPP_INIT_DATA_MAX_AGE_SECONDS',
      parsers.positiveInt,
      15 * 60,
    ),
    trialMilli: env.optional('BILLING_TRIAL_CREDITS', credits, DEFAULT_TRIAL_MILLI),
    sentryDsn: env.optional('SENTRY_DSN', parsers.httpUrl),
    logLevel: readLogLevel(env),
    // Loopback unless told: the dashboard is reached through the gateway.
    host: env.optional('HOST', parsers.host, '127.0.0.1'),
    port: env.optional('PORT', parsers.port, 8080),
  };
  env.finish();
  return config;
}
