import { type BotId, type GatewayRoute, VERSION } from '@psycheos/platform';
import type { FastifyInstance } from 'fastify';
import { replicaName } from './replica-ring';

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
  /** What the service's /health said that /health/page weighs (page-route.ts). */
  facts: ServiceFacts;
}

/** Fields of a service's /health beyond its status; absent when it did not say. */
export interface ServiceFacts {
  database?: string;
  /** Why the database takes no writes though it answers (disk_full), when it said so. */
  databaseRefusesWrites?: string;
  crisisAlertsUndelivered?: number;
  replyBacklogOldestSeconds?: number;
  outboxBacklogOldestSeconds?: number;
}

/** One bot (or the dashboard) as the last round of probes found it. */
export interface ServiceCheck {
  name: string;
  health: ServiceHealth;
  replicas: ServiceHealth[];
  /** Each replica's facts, in the order of its URLs. */
  facts: ServiceFacts[];
  problems: string[];
}

export interface HealthOptions {
  routes: ReadonlyMap<BotId, GatewayRoute>;
  disabledBots: readonly BotId[];
  /** The dashboard's service, probed like a bot's (reported as "webapp"). */
  dashboardUrl?: string | undefined;
  cacheMs?: number | undefined;
}

/** One round of probes, shared by /health and /health/page within HEALTH_CACHE_MS. */
export type HealthCheck = () => Promise<{ report: HealthReport; checks: ServiceCheck[] }>;

/** The gateway's /health. */
export interface HealthReport {
  status: 'ok' | 'starting' | 'degraded';
  version: string;
  services: Record<string, ServiceHealth>;
  replicas: Record<string, ServiceHealth[]>;
  problems: string[];
}

/**
 * Probes every routed service (each replica) and the dashboard, at most once per cacheMs:
 * both public routes share the round, so anonymous traffic cannot make the services count
 * anything more often.
 */
export function createHealthCheck(options: HealthOptions): HealthCheck {
  const { routes, disabledBots } = options;
  const cacheMs = options.cacheMs ?? HEALTH_CACHE_MS;
  const probed: { name: string; urls: readonly string[] }[] = [
    ...[...routes].map(([botId, route]) => ({ name: botId, urls: route.serviceUrls })),
    ...(options.dashboardUrl ? [{ name: 'webapp', urls: [options.dashboardUrl] }] : []),
  ];
  // A replica that never answered is starting, not down: `npm start` starts them all at once.
  const answeredOnce = new Set<string>();
  const checkService = async ({
    name,
    urls,
  }: {
    name: string;
    urls: readonly string[];
  }): Promise<ServiceCheck> => {
    const probes = await Promise.all(urls.map((url) => probeService(url)));
    const replicas = probes.map((probe, index): ServiceHealth => {
      const url = urls[index] as string;
      if (probe.health !== 'down') answeredOnce.add(url);
      return probe.health === 'down' && !answeredOnce.has(url) ? 'starting' : probe.health;
    });
    const problems = probes.flatMap((probe, index) => {
      const label = replicaName(name, index, urls.length);
      const said = probe.problems.map((problem) => `${label}: ${problem}`);
      if (replicas[index] === 'down' && said.length === 0) {
        return [`${label}: its service does not answer`];
      }
      return said;
    });
    const facts = probes.map((probe) => probe.facts);
    return { name, health: botHealth(replicas), replicas, facts, problems };
  };
  const checkAll: HealthCheck = async () => {
    const checks = await Promise.all(probed.map(checkService));
    const services: Record<string, ServiceHealth> = {};
    const replicas: Record<string, ServiceHealth[]> = {};
    const problems: string[] = [];
    for (const check of checks) {
      services[check.name] = check.health;
      if (check.name !== 'webapp') replicas[check.name] = check.replicas;
      problems.push(...check.problems);
    }
    for (const botId of disabledBots) services[botId] = 'disabled';
    if (!options.dashboardUrl) services.webapp = 'disabled';
    if (routes.size === 0) {
      problems.push('no bot is enabled: set SERVICE_URL_<BOT> and TG_WEBHOOK_SECRET_<BOT>');
    }
    const status: HealthReport['status'] =
      routes.size === 0 ? 'degraded' : overall(checks.map((check) => check.health));
    return { report: { status, version: VERSION, services, replicas, problems }, checks };
  };

  let cached: { at: number; round: ReturnType<typeof checkAll> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at >= cacheMs) {
      const round = { at: Date.now(), round: checkAll() };
      cached = round;
      // A failed round is not kept: the next request tries again.
      round.round.catch(() => {
        if (cached === round) cached = undefined;
      });
    }
    return cached.round;
  };
}

/**
 * GET /health: "ok" when every routed service answers its own /health with "ok";
 * "starting" while some have not answered yet and none is down or degraded; "degraded"
 * otherwise, and when no bot is routed at all (a gateway that can forward nothing is of
 * no use; it answers 503 then). `services` says how each bot is as a whole (botHealth);
 * `replicas` how each of its replicas is, in the order of SERVICE_URL_<BOT>. `problems`
 * lists, per bot (per replica, `pro#2`, when there are several), what is wrong, so an
 * operator sees at once why a bot cannot answer. It stays 200 while the gateway lives: it is
 * the gateway's liveness; /health/page is the check that pages a person (page-route.ts).
 */
export function registerHealthRoute(
  app: FastifyInstance,
  check: HealthCheck,
  routedBots: number,
): void {
  app.get('/health', async (_request, reply) => {
    const { report } = await check();
    return reply.code(routedBots === 0 ? 503 : 200).send(report);
  });
}

/**
 * A bot as a whole, from its replicas: up when all are up; while none serves, down once any
 * answered before (starting until then); while some serve, starting when the others have
 * not answered yet, and degraded when any is down or degraded. With one replica, its own
 * health. The gateway routes around a replica that is down, so a degraded bot still
 * answers every update, with less room to spare.
 */
export function botHealth(replicas: readonly ServiceHealth[]): ServiceHealth {
  if (replicas.every((health) => health === 'up')) return 'up';
  const isServing = (health: ServiceHealth) => health === 'up' || health === 'degraded';
  if (!replicas.some(isServing)) return replicas.includes('down') ? 'down' : 'starting';
  if (replicas.some((health) => health === 'down' || health === 'degraded')) return 'degraded';
  return 'starting';
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
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    const problems = Array.isArray(body.problems)
      ? body.problems.filter((problem): problem is string => typeof problem === 'string')
      : [];
    const facts = factsOf(body);
    if (!response.ok) return { health: 'down', problems, facts };
    return { health: body.status === 'degraded' ? 'degraded' : 'up', problems, facts };
  } catch {
    return { health: 'down', problems: [], facts: {} };
  }
}

function factsOf(body: Record<string, unknown>): ServiceFacts {
  const numberAt = (key: string) => (typeof body[key] === 'number' ? body[key] : undefined);
  const facts: ServiceFacts = {};
  if (typeof body.database === 'string') facts.database = body.database;
  if (typeof body.database_refuses_writes === 'string') {
    facts.databaseRefusesWrites = body.database_refuses_writes;
  }
  const crisis = numberAt('crisis_alerts_undelivered');
  if (crisis !== undefined) facts.crisisAlertsUndelivered = crisis;
  const replies = numberAt('reply_backlog_oldest_seconds');
  if (replies !== undefined) facts.replyBacklogOldestSeconds = replies;
  const outbox = numberAt('outbox_backlog_oldest_seconds');
  if (outbox !== undefined) facts.outboxBacklogOldestSeconds = outbox;
  return facts;
}
