import type { BotId } from '@psycheos/platform';

type Health = { services?: Record<string, string> };

/**
 * Resolves once the gateway answers /health and names every service in `awaited()` up (or
 * degraded: serving without NATS). `awaited` is asked again on every round, so a service
 * given up on meanwhile is no longer waited for. Resolves with undefined if `cancelled()`.
 */
export async function waitUntilReady(options: {
  healthUrl: string;
  awaited: () => readonly BotId[];
  cancelled: () => boolean;
  intervalMs?: number;
}): Promise<Record<string, string> | undefined> {
  while (!options.cancelled()) {
    const services = await readHealth(options.healthUrl);
    const serving = (bot: BotId) => ['up', 'degraded'].includes(services?.[bot] ?? '');
    if (services && options.awaited().every(serving)) return services;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
  return undefined;
}

async function readHealth(url: string): Promise<Record<string, string> | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return ((await response.json()) as Health).services;
  } catch {
    return undefined; // the gateway is not listening yet
  }
}
