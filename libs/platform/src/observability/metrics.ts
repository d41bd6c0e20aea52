import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { secretMatches } from '../http/webhook-secret';

/** How the pipeline ended for one webhook request; the `outcome` label of the metrics. */
export type WebhookOutcome =
  | 'handled'
  | 'duplicate'
  | 'throttled'
  | 'handler_error'
  | 'retry_later'
  | 'forbidden'
  | 'bad_request';

/** Seconds; from a fast answer (5 ms) to one Telegram would soon give up on. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * How often the event-loop lag histogram samples the loop, ms. prom-client's default (10 ms)
 * is a timer a hundred times a second in every process: measured alone, 0.62% of a core
 * against 0.07% at one second and 0.03% without it, when the whole platform at rest is to
 * cost under 2% (docs/BENCHMARKS.md). A stall of a second or more is always seen, a shorter
 * one as often as a sample falls in it, which a busy loop's many stalls still show.
 */
const EVENT_LOOP_SAMPLE_MS = 1_000;

/**
 * A registry of one process's own (never prom-client's global one, so tests can build
 * several apps side by side), labelled with the service and carrying the process metrics.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({
    register: registry,
    prefix: 'psycheos_',
    eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS,
  });
  return registry;
}

/** The webhook pipeline's metrics. Labels carry the bot and the outcome only: never ids or texts. */
export class ServiceMetrics {
  readonly registry: Registry;
  readonly #received: Counter<'bot'>;
  readonly #outcomes: Counter<'bot' | 'outcome'>;
  readonly #duration: Histogram<'bot' | 'outcome'>;

  constructor(service: string) {
    this.registry = createMetricsRegistry(service);
    this.#received = new Counter({
      name: 'psycheos_updates_received_total',
      help: 'Webhook requests received, per bot',
      labelNames: ['bot'],
      registers: [this.registry],
    });
    this.#outcomes = new Counter({
      name: 'psycheos_updates_total',
      help: 'Webhook requests by outcome: handled, duplicate, throttled, handler_error, retry_later (503), forbidden, bad_request',
      labelNames: ['bot', 'outcome'],
      registers: [this.registry],
    });
    this.#duration = new Histogram({
      name: 'psycheos_update_duration_seconds',
      help: 'Time from receiving a webhook request to answering it',
      labelNames: ['bot', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
  }

  /** Call when a request arrives; call the returned function with its outcome when answered. */
  startUpdate(bot: string): (outcome: WebhookOutcome) => void {
    this.#received.inc({ bot });
    const stop = this.#duration.startTimer({ bot });
    return (outcome) => {
      this.#outcomes.inc({ bot, outcome });
      stop({ outcome });
    };
  }
}

/**
 * GET /metrics in the Prometheus text format. With a token (METRICS_TOKEN), only a scraper
 * that sends `Authorization: Bearer <token>` gets it; the comparison is constant-time.
 * `isPublic`: the gateway faces the internet, so without a token it serves no metrics at all.
 */
export function registerMetricsRoute(
  app: FastifyInstance,
  registry: Registry,
  access: { token?: string; isPublic?: boolean } = {},
): void {
  if (access.isPublic && !access.token) return;
  app.get('/metrics', async (request, reply) => {
    if (access.token) {
      const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (!secretMatches(given, access.token)) {
        return reply
          .code(401)
          .send({ ok: false, error: 'metrics need Authorization: Bearer <METRICS_TOKEN>' });
      }
    }
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });
}
