import { type ServiceHarness, startServiceHarness } from '@psycheos/testkit';
import { Composer } from 'grammy';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineContext } from '../src/pipeline/pipeline-context';
import { buildBotServiceApp, type ServiceDeps } from '../src/service/bot-service-app';

/**
 * /health is reachable by anyone who reaches a service. Under a NATS outage's backlog it
 * must stay cheap: counts bounded, cut off by a statement timeout, one check shared by
 * concurrent requests (issue 14 measured 100 concurrent /health slowing webhooks 100-fold).
 */
describe('a bot service /health under a large backlog', () => {
  let harness: ServiceHarness;
  beforeAll(async () => {
    harness = await startServiceHarness({
      botId: 'pro',
      buildApp: (deps: ServiceDeps) => buildBotServiceApp(deps, new Composer<PipelineContext>()),
    });
    await sql`
      insert into event_outbox (event_id, subject, payload, idempotency_key)
      select gen_random_uuid(), 'psycheos.case.created', '{}', 'backlog-' || n
      from generate_series(1, 12000) as n
    `.execute(harness.deps.db);
  });
  afterAll(() => harness.close());

  const health = async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/health' });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  };

  it('counts the outbox backlog up to 10 000 and no further', async () => {
    expect((await health()).body.outbox_backlog).toBe(10_000);
  });

  it('answers without the counts when they cannot finish, and runs one check for many requests', async () => {
    // Another session holds the table, as a long migration or a VACUUM FULL would.
    const blocker = new pg.Client({ connectionString: harness.database.url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table event_outbox in access exclusive mode');
      // Let the previous test's shared check expire.
      await new Promise((resolve) => setTimeout(resolve, 1_100));

      const answers = Promise.all(Array.from({ length: 20 }, () => health()));
      const waitingChecks = await waitingHealthQueries(blocker);
      const results = await answers;

      expect(waitingChecks).toBeLessThanOrEqual(1);
      for (const result of results) {
        expect(result.status).toBe(200);
        expect(result.body).toMatchObject({ database: 'up', outbox_backlog: null });
      }
    } finally {
      await blocker.query('rollback');
      await blocker.end();
    }
  });
});

/** How many /health counts wait on the lock at their peak while the requests are answered. */
async function waitingHealthQueries(client: pg.Client): Promise<number> {
  let peak = 0;
  for (let i = 0; i < 10; i++) {
    const { rows } = await client.query<{ n: number }>(`
      select count(*)::int as n from pg_stat_activity
      where wait_event_type = 'Lock' and query like '%from event_outbox where published_at is null%'
    `);
    peak = Math.max(peak, rows[0]?.n ?? 0);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return peak;
}
