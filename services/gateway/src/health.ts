import { type BotId, type GatewayRoute, VERSION } from '@psycheos/shared';
import type { FastifyInstance } from 'fastify';

/** One hung service must not hang /health: each gets this long to answer. */
const SERVICE_HEALTH_TIMEOUT_MS = 1_000;

/**
 * up; degraded: it serves, but something it depends on is not (NATS); starting: it has not
 * answered yet since the gateway started; down: it answered before and no longer does;
 * disabled: not routed.
 */
export type ServiceHealth = 'up' | 'degraded' | 'starting' | 'down' | 'disabled';

/**
 * GET /health: 200 with "ok" when every configured service answers its own /health with
 * "ok"; "starting" while some have not answered yet and none is down; "degraded" otherwise.
 * What each service said is listed, so an operator sees at once which bot is down or still
 * starting. Bots without a SERVICE_URL_<BOT> are listed as disabled.
 */
export function registerHealthRoute(
  app: FastifyInstance,
  routes: ReadonlyMap<BotId, GatewayRoute>,
  disabledBots: readonly BotId[],
): void {
  // A service that never answered is starting, not down: `npm start` starts them all at once.
  const answeredOnce = new Set<BotId>();
  app.get('/health', async () => {
    const checks = await Promise.all(
      [...routes].map(async ([botId, route]) => {
        const health = await probe(route.serviceUrl);
        if (health !== 'down') answeredOnce.add(botId);
        return [
          botId,
          health === 'down' && !answeredOnce.has(botId) ? 'starting' : health,
        ] as const;
      }),
    );
    const services: Record<string, ServiceHealth> = Object.fromEntries(checks);
    for (const botId of disabledBots) services[botId] = 'disabled';
    return { status: overall(checks.map(([, health]) => health)), version: VERSION, services };
  });
}

function overall(healths: readonly ServiceHealth[]): 'ok' | 'starting' | 'degraded' {
  if (healths.every((health) => health === 'up')) return 'ok';
  if (healths.every((health) => health === 'up' || health === 'starting')) return 'starting';
  return 'degraded';
}

async function probe(serviceUrl: string): Promise<ServiceHealth> {
  try {
    const response = await fetch(`${serviceUrl}/health`, {
      signal: AbortSignal.timeout(SERVICE_HEALTH_TIMEOUT_MS),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return 'down';
    }
    const body = (await response.json().catch(() => ({}))) as { status?: unknown };
    return body.status === 'degraded' ? 'degraded' : 'up';
  } catch {
    return 'down';
  }
}
