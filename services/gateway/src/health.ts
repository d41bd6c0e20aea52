import { type BotId, type GatewayRoute, VERSION } from '@psycheos/shared';
import type { FastifyInstance } from 'fastify';

/** One hung service must not hang /health: each gets this long to answer. */
const SERVICE_HEALTH_TIMEOUT_MS = 1_000;

/** up; degraded: it serves, but something it depends on is not (NATS); down; disabled. */
export type ServiceHealth = 'up' | 'degraded' | 'down' | 'disabled';

/**
 * GET /health: 200 with "ok" when every configured service answers its own /health with
 * "ok", "degraded" otherwise, and what each service said, so an operator sees at once which
 * bot is down. Bots without a SERVICE_URL_<BOT> are listed as disabled.
 */
export function registerHealthRoute(
  app: FastifyInstance,
  routes: ReadonlyMap<BotId, GatewayRoute>,
  disabledBots: readonly BotId[],
): void {
  app.get('/health', async () => {
    const checks = await Promise.all(
      [...routes].map(async ([botId, route]) => [botId, await probe(route.serviceUrl)] as const),
    );
    const services: Record<string, ServiceHealth> = Object.fromEntries(checks);
    for (const botId of disabledBots) services[botId] = 'disabled';
    const allUp = checks.every(([, health]) => health === 'up');
    return { status: allUp ? 'ok' : 'degraded', version: VERSION, services };
  });
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
