import {
  createHttpServer,
  type GatewayConfig,
  type HttpServerOptions,
  type Logger,
} from '@psycheos/platform';
import type { FastifyInstance } from 'fastify';
import { registerBotRoute } from './bot-route';
import { registerDashboardRoute } from './dashboard-route';
import { createHealthCheck, registerHealthRoute } from './health';
import { registerGatewayMetrics } from './metrics';
import { registerPageRoute } from './page-route';
import { registerPlaygroundRoute } from './playground-route';

/** loadGatewayConfig's default for PAGE_BACKLOG_MINUTES, for apps built without it (tests). */
const DEFAULT_PAGE_BACKLOG_MINUTES = 10;

export interface GatewayDeps {
  config: Pick<GatewayConfig, 'routes' | 'disabledBots'> &
    Partial<
      Pick<GatewayConfig, 'metricsToken' | 'dashboardUrl' | 'playgroundUrl' | 'pageBacklogMinutes'>
    >;
  logger: Logger;
  /** How long one round of service probes answers /health (health.ts); tests use 0. */
  healthCacheMs?: number;
  /** The public edge's timeouts (http-server.ts has the defaults); tests shorten them. */
  timeouts?: Pick<HttpServerOptions, 'requestTimeoutMs' | 'connectionTimeoutMs'>;
}

/**
 * The gateway: a webhook route per configured bot, the dashboard under /app, /health,
 * /health/page and /metrics, and on a developer's machine the local playground under
 * /playground. Unknown paths get 404.
 */
export async function buildApp(deps: GatewayDeps): Promise<FastifyInstance> {
  const app = createHttpServer({ logger: deps.logger, ...deps.timeouts });
  registerGatewayMetrics(app, deps.config.metricsToken);
  for (const [botId, route] of deps.config.routes) {
    await registerBotRoute(app, botId, route);
  }
  if (deps.config.dashboardUrl) await registerDashboardRoute(app, deps.config.dashboardUrl);
  if (deps.config.playgroundUrl) await registerPlaygroundRoute(app, deps.config.playgroundUrl);
  const health = createHealthCheck({
    routes: deps.config.routes,
    disabledBots: deps.config.disabledBots,
    dashboardUrl: deps.config.dashboardUrl,
    cacheMs: deps.healthCacheMs,
  });
  const routedBots = deps.config.routes.size;
  registerHealthRoute(app, health, routedBots);
  registerPageRoute(app, health, {
    backlogMinutes: deps.config.pageBacklogMinutes ?? DEFAULT_PAGE_BACKLOG_MINUTES,
    routedBots,
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ ok: false, error: 'no such bot or route' }),
  );
  return app;
}
