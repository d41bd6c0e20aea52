import { type ServiceHarness, startServiceHarness } from '@psycheos/testkit';
import { Composer } from 'grammy';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineContext } from '../src/pipeline/pipeline-context';
import { buildBotServiceApp, type ServiceDeps } from '../src/service/bot-service-app';

/** Reads one sample of a gauge from the Prometheus text, labels aside. */
function sample(metrics: string, name: string): number | undefined {
  const line = metrics.split('\n').find((each) => each.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe("a bot service's gauges", () => {
  let harness: ServiceHarness;
  beforeAll(async () => {
    harness = await startServiceHarness({
      botId: 'interpretator',
      buildApp: (deps: ServiceDeps) => buildBotServiceApp(deps, new Composer<PipelineContext>()),
    });
  });
  afterAll(() => harness.close());

  const scrape = async () => (await harness.app.inject({ method: 'GET', url: '/metrics' })).body;

  it('shows a reply that waits twelve minutes as a backlog of one, twelve minutes old', async () => {
    // The sender stands still, as it does while Telegram refuses the token.
    await harness.replySender().stop();
    await sql`
      insert into reply_outbox (bot_id, chat_id, method, payload, created_at)
      values ('interpretator', 42, 'sendMessage', '{"chat_id":42,"text":"ok"}',
              now() - interval '12 minutes')
    `.execute(harness.deps.db);

    const metrics = await scrape();
    expect(sample(metrics, 'psycheos_reply_backlog')).toBe(1);
    expect(sample(metrics, 'psycheos_reply_backlog_oldest_seconds')).toBeGreaterThanOrEqual(720);
    expect(sample(metrics, 'psycheos_event_outbox_backlog')).toBe(0);
    expect(sample(metrics, 'psycheos_parked_events')).toBe(0);
    expect(sample(metrics, 'psycheos_ai_jobs_in_progress')).toBe(0);

    const health = (await harness.app.inject({ method: 'GET', url: '/health' })).json();
    expect(health.reply_backlog_oldest_seconds).toBeGreaterThanOrEqual(720);
  });

  it('says whether the Bot API answers, and leaves NATS out when it is not configured', async () => {
    const metrics = await scrape();
    expect(sample(metrics, 'psycheos_telegram_link_up')).toBeTypeOf('number');
    expect(metrics).not.toContain('psycheos_nats_connected');
  });
});
