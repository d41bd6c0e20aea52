import { BOT_IDS, type BotId, envSuffix } from '../bots';
import { type Env, EnvReader } from './env-reader';
import { type LogLevel, readLogLevel } from './log-level';
import { bearerToken, host, httpUrl, httpUrlList, port, positiveInt } from './parsers';
import {
  acceptedSecrets,
  readWebhookSecrets,
  requireDistinctSecrets,
  type WebhookSecrets,
} from './webhook-secrets';

export interface GatewayRoute {
  /**
   * Where the bot's service listens: one address (which may itself be a load balancer in
   * front of replicas), or one per replica, which the gateway takes in turn and fails over
   * between (services/gateway/src/replica-ring.ts).
   */
  serviceUrls: readonly string[];
  /** The secrets the bot's webhook accepts: its own, and during a rotation the previous one. */
  secret: string | readonly string[];
}

export interface GatewayConfig {
  routes: ReadonlyMap<BotId, GatewayRoute>;
  /** Bots with no SERVICE_URL_<BOT>: their webhooks get 404 until one is set. */
  disabledBots: readonly BotId[];
  /** SERVICE_URL_WEBAPP: the dashboard (Mini App) service; /app is routed to it when set. */
  dashboardUrl: string | undefined;
  /**
   * SERVICE_URL_PLAYGROUND: the local playground (services/playground), which npm start sets
   * only when no bot has a Telegram token; /playground is then routed to it, for loopback
   * clients only. Refused under NODE_ENV=production.
   */
  playgroundUrl: string | undefined;
  sentryDsn: string | undefined;
  /** METRICS_TOKEN: /metrics answers only with it; without it the gateway serves no metrics. */
  metricsToken: string | undefined;
  /**
   * PAGE_BACKLOG_MINUTES: /health/page asks for a person once a reply or an event has waited
   * this long (services/gateway/src/page-route.ts).
   */
  pageBacklogMinutes: number;
  logLevel: LogLevel;
  host: string;
  port: number;
}

/**
 * The gateway routes a bot when SERVICE_URL_<BOT> is set (one URL, or one per replica
 * separated by commas); it then needs that bot's webhook secret too, different from every
 * other bot's. It never needs a bot token.
 */
export function loadGatewayConfig(rawEnv: Env): GatewayConfig {
  const env = new EnvReader(rawEnv);
  const routes = new Map<BotId, GatewayRoute>();
  const secrets = new Map<BotId, WebhookSecrets>();
  const disabledBots: BotId[] = [];
  for (const botId of BOT_IDS) {
    const serviceUrls = env.optional(`SERVICE_URL_${envSuffix(botId)}`, httpUrlList);
    if (serviceUrls === undefined) {
      disabledBots.push(botId);
      continue;
    }
    const botSecrets = readWebhookSecrets(env, botId);
    secrets.set(botId, botSecrets);
    routes.set(botId, { serviceUrls, secret: acceptedSecrets(botSecrets) });
  }
  requireDistinctSecrets(env, secrets);
  const config: GatewayConfig = {
    routes,
    disabledBots,
    dashboardUrl: env.optional('SERVICE_URL_WEBAPP', httpUrl),
    playgroundUrl: env.optional('SERVICE_URL_PLAYGROUND', httpUrl),
    sentryDsn: env.optional('SENTRY_DSN', httpUrl),
    metricsToken: env.optional('METRICS_TOKEN', bearerToken),
    pageBacklogMinutes: env.optional('PAGE_BACKLOG_MINUTES', positiveInt, 10),
    logLevel: readLogLevel(env),
    host: env.optional('HOST', host, '0.0.0.0'),
    port: env.optional('PORT', port, 8080),
  };
  if (config.playgroundUrl && rawEnv.NODE_ENV === 'production') {
    env.problem(
      'SERVICE_URL_PLAYGROUND must not be set in production (the playground is for one machine)',
    );
  }
  env.finish();
  return config;
}
