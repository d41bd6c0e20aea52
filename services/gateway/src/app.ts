import {
  createHttpServer,
  type GatewayConfig,
  type HttpServerOptions,
  type Logger,
} from '@psycheos/shared';
import type { FastifyInstance } from 'fastify';
import { registerBotRoute } from './bot-route';
import { registerHealthRoute } from './health';
import { registerGatewayMetrics } from './metrics';

export interface GatewayDeps {
  config: Pick<GatewayConfig, 'routes' | 'disabledBots'> &
    Partial<Pick<GatewayConfig, 'metricsToken'>>;
  logger: Logger;
  /** How long one round of service probes answers /health (health.ts); tests use 0. */
  healthCacheMs?: number;
  /** The public edge's timeouts (http-server.ts has the defaults); tests shorten them. */
  timeouts?: Pick<HttpServerOptions, 'requestTimeoutMs' | 'connectionTimeoutMs'>;
}

/** The gateway: a webhook route per configured bot, /health and /metrics. Unknown paths get 404. */
export async function buildApp(deps: GatewayDeps): Promise<FastifyInstance> {
  const app = createHttpServer({ logger: deps.logger, ...deps.timeouts });
  registerGatewayMetrics(app, deps.config.metricsToken);
  for (const [botId, route] of deps.config.routes) {
    await registerBotRoute(app, botId, route);
  }
  registerHealthRoute(app, deps.config.routes, deps.config.disabledBots, deps.healthCacheMs);
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ ok: false, error: 'no such bot or route' }),
  );
  return app;
}
