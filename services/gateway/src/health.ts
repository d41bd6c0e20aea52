import { type BotId, type GatewayRoute, VERSION } from '@psycheos/shared';
import type { FastifyInstance } from 'fastify';

/** One hung service must not hang /health: each gets this long to answer. */
const SERVICE_HEALTH_TIMEOUT_MS = 1_000;
/**
 * /health is public: without this, every anonymous request made every service count its
 * backlogs. Within this time all requests share one round of probes.
 */
export const HEALTH_CACHE_MS = 1_000;

/**
 * up; degraded: it serves, but something it depends on is not there (its `problems` say
 * what: a refused token, no route to Telegram, NATS); starting: it has not answered yet
 * since the gateway started; down: it answered before and no longer does; disabled: not
 * routed.
 */
export type ServiceHealth = 'up' | 'degraded' | 'starting' | 'down' | 'disabled';

interface Probe {
  health: ServiceHealth;
  problems: readonly string[];
}

/**
 * GET /health: "ok" when every routed service answers its own /health with "ok";
 * "starting" while some have not answered yet and none is down or degraded; "degraded"
 * otherwise, and when no bot is routed at all (a gateway that can forward nothing is of
 * no use; it answers 503 then). `problems` lists, per bot, what is wrong, so an operator
 * sees at once why a bot cannot answer.
 */
export function registerHealthRoute(
  app: FastifyInstance,
  options: {
    routes: ReadonlyMap<BotId, GatewayRoute>;
    disabledBots: readonly BotId[];
    /** The dashboard's service, probed like a bot's (reported as "webapp"). */
    dashboardUrl?: string | undefined;
    cacheMs?: number | undefined;
  },
): void {
  const { routes, disabledBots } = options;
  const cacheMs = options.cacheMs ?? HEALTH_CACHE_MS;
  const probed: [string, string][] = [
    ...[...routes].map(([botId, route]): [string, string] => [botId, route.serviceUrl]),
    ...(options.dashboardUrl ? [['webapp', options.dashboardUrl] as [string, string]] : []),
  ];
  // A service that never answered is starting, not down: `npm start` starts them all at once.
  const answeredOnce = new Set<string>();
  const checkAll = async () => {
    const checks = await Promise.all(
      probed.map(async ([botId, serviceUrl]) => {
        const probe = await probeService(serviceUrl);
        if (probe.health !== 'down') answeredOnce.add(botId);
        const health =
          probe.health === 'down' && !answeredOnce.has(botId) ? 'starting' : probe.health;
        return { botId, health, problems: probe.problems };
      }),
    );
    const services: Record<string, ServiceHealth> = {};
    const problems: string[] = [];
    for (const check of checks) {
      services[check.botId] = check.health;
      if (check.health === 'down' && check.problems.length === 0) {
        problems.push(`${check.botId}: its service does not answer`);
      }
      for (const problem of check.problems) problems.push(`${check.botId}: ${problem}`);
    }
    for (const botId of disabledBots) services[botId] = 'disabled';
    if (!options.dashboardUrl) services.webapp = 'disabled';
    if (routes.size === 0) {
      problems.push('no bot is enabled: set SERVICE_URL_<BOT> and TG_WEBHOOK_SECRET_<BOT>');
    }
    const status = routes.size === 0 ? 'degraded' : overall(checks.map((check) => check.health));
    return { status, version: VERSION, services, problems };
  };

  let cached: { at: number; report: ReturnType<typeof checkAll> } | undefined;
  app.get('/health', async (_request, reply) => {
    if (!cached || Date.now() - cached.at >= cacheMs) {
      cached = { at: Date.now(), report: checkAll() };
      // A failed round is not kept: the next request tries again.
      cached.report.catch(() => {
        cached = undefined;
      });
    }
    const report = await cached.report;
    return reply.code(routes.size === 0 ? 503 : 200).send(report);
  });
}

function overall(healths: readonly ServiceHealth[]): 'ok' | 'starting' | 'degraded' {
  if (healths.every((health) => health === 'up')) return 'ok';
  if (healths.every((health) => health === 'up' || health === 'starting')) return 'starting';
  return 'degraded';
}

async function probeService(serviceUrl: string): Promise<Probe> {
  try {
    const response = await fetch(`${serviceUrl}/health`, {
      signal: AbortSignal.timeout(SERVICE_HEALTH_TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => ({}))) as {
      status?: unknown;
      problems?: unknown;
    };
    const problems = Array.isArray(body.problems)
      ? body.problems.filter((problem): problem is string => typeof problem === 'string')
      : [];
    if (!response.ok) return { health: 'down', problems };
    return { health: body.status === 'degraded' ? 'degraded' : 'up', problems };
  } catch {
    return { health: 'down', problems: [] };
  }
}
