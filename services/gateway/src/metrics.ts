import {
  createMetricsRegistry,
  isBotId,
  LATENCY_BUCKETS,
  registerMetricsRoute,
} from '@psycheos/platform';
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram } from 'prom-client';

/**
 * GET /metrics for the gateway: webhook requests per bot and HTTP status, and the time to
 * answer them (the service's own time included). The gateway is public, so /metrics is
 * served only with METRICS_TOKEN set, to scrapers that send it. An unknown bot is counted as "unknown",
 * so made-up paths cannot grow the label set.
 */
export function registerGatewayMetrics(app: FastifyInstance, token: string | undefined): void {
  const registry = createMetricsRegistry('gateway');
  const requests = new Counter({
    name: 'psycheos_gateway_requests_total',
    help: 'Webhook requests by bot and HTTP status',
    labelNames: ['bot', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'psycheos_gateway_request_duration_seconds',
    help: 'Time to answer a webhook request, forwarding included',
    labelNames: ['bot'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    const match = /^\/webhook\/([^/?]+)/.exec(request.url);
    if (!match?.[1]) return;
    const bot = isBotId(match[1]) ? match[1] : 'unknown';
    requests.inc({ bot, status: String(reply.statusCode) });
    duration.observe({ bot }, reply.elapsedTime / 1000);
  });
  registerMetricsRoute(app, registry, { token, isPublic: true });
}
