import type { FastifyInstance } from 'fastify';
import type { HealthCheck, ServiceCheck } from './health';
import { replicaName } from './replica-ring';

/**
 * GET /health/page: whether something needs a person now, for a plain HTTP uptime checker
 * to page on. 503 with `reasons` when a bot is down (all its replicas), a replica cannot
 * reach its database or its writes are refused (a full disk), a crisis alert did not reach its specialist, or a reply or an event
 * has waited longer than PAGE_BACKLOG_MINUTES; 200 otherwise.
 *
 * /health stays the gateway's liveness (200 while it runs, whatever the bots): a container
 * HEALTHCHECK on it must not restart the gateway because a bot is down. What is degraded but
 * carries on by itself (NATS away, one replica of several down, a parked event) shows on
 * /health and in the metrics, and pages nobody at 3 a.m.
 */
export function registerPageRoute(
  app: FastifyInstance,
  check: HealthCheck,
  options: { backlogMinutes: number; routedBots: number },
): void {
  app.get('/health/page', async (_request, reply) => {
    const { checks } = await check();
    const reasons = pageReasons(checks, options);
    return reply
      .code(reasons.length > 0 ? 503 : 200)
      .send({ status: reasons.length > 0 ? 'page' : 'ok', reasons });
  });
}

/** Why a person is needed, one short line each; empty when nobody is. */
export function pageReasons(
  checks: readonly ServiceCheck[],
  options: { backlogMinutes: number; routedBots: number },
): string[] {
  const limitSeconds = options.backlogMinutes * 60;
  const reasons: string[] = [];
  if (options.routedBots === 0) reasons.push('no bot is enabled');
  let oldestEvent = 0;
  for (const service of checks) {
    // The dashboard is probed for /health, but a person is paged for the bots.
    if (service.name === 'webapp') continue;
    // A service without its database answers /health 503 too: that reason, not this one.
    const saysDatabaseDown = service.facts.some((facts) => facts.database === 'down');
    if (service.health === 'down' && !saysDatabaseDown) {
      reasons.push(`${service.name}: its service does not answer`);
    }
    service.facts.forEach((facts, index) => {
      const label = replicaName(service.name, index, service.facts.length);
      if (facts.database === 'down') reasons.push(`${label}: the database does not answer`);
      if (facts.databaseRefusesWrites) {
        reasons.push(`${label}: the database refuses writes (${facts.databaseRefusesWrites})`);
      }
    });
    // Replicas share the database, so they report the same rows: the largest is the bot's.
    const largest = (pick: (facts: ServiceCheck['facts'][number]) => number | undefined) =>
      Math.max(0, ...service.facts.map((facts) => pick(facts) ?? 0));
    const crisis = largest((facts) => facts.crisisAlertsUndelivered);
    if (crisis > 0) {
      reasons.push(`${service.name}: ${crisis} crisis alert(s) did not reach their specialist`);
    }
    const oldestReply = largest((facts) => facts.replyBacklogOldestSeconds);
    if (oldestReply > limitSeconds) {
      reasons.push(`${service.name}: a reply has waited ${minutes(oldestReply)} min to be sent`);
    }
    oldestEvent = Math.max(
      oldestEvent,
      largest((facts) => facts.outboxBacklogOldestSeconds),
    );
  }
  // Every bot reads the one event outbox: said once, not once per bot.
  if (oldestEvent > limitSeconds) {
    reasons.push(`an event has waited ${minutes(oldestEvent)} min in the outbox to reach NATS`);
  }
  return reasons;
}

const minutes = (seconds: number) => Math.floor(seconds / 60);
