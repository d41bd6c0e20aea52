import { BOT_IDS, type BotId, envSuffix } from '../bots';
import { type Env, EnvReader } from './env-reader';
import { boolean, host, httpUrl, port, webhookSecret } from './parsers';

export interface GatewayRoute {
  /** Where the bot's service listens; may be a load-balanced address in front of replicas. */
  serviceUrl: string;
  secret: string;
}

export interface GatewayConfig {
  routes: ReadonlyMap<BotId, GatewayRoute>;
  /** Bots with no SERVICE_URL_<BOT>: their webhooks get 404 until one is set. */
  disabledBots: readonly BotId[];
  sentryDsn: string | undefined;
  debug: boolean;
  host: string;
  port: number;
}

/**
 * The gateway routes a bot when SERVICE_URL_<BOT> is set; it then needs that
 * bot's webhook secret too. It never needs a bot token.
 */
export function loadGatewayConfig(rawEnv: Env): GatewayConfig {
  const env = new EnvReader(rawEnv);
  const routes = new Map<BotId, GatewayRoute>();
  const disabledBots: BotId[] = [];
  for (const botId of BOT_IDS) {
    const suffix = envSuffix(botId);
    const serviceUrl = env.optional(`SERVICE_URL_${suffix}`, httpUrl);
    if (serviceUrl === undefined) {
      disabledBots.push(botId);
      continue;
    }
    routes.set(botId, {
      serviceUrl,
      secret: env.required(`TG_WEBHOOK_SECRET_${suffix}`, webhookSecret),
    });
  }
  const config: GatewayConfig = {
    routes,
    disabledBots,
    sentryDsn: env.optional('SENTRY_DSN', httpUrl),
    debug: env.optional('DEBUG', boolean, false),
    host: env.optional('HOST', host, '0.0.0.0'),
    port: env.optional('PORT', port, 8080),
  };
  env.finish();
  return config;
}
