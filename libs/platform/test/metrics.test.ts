import { buildBotServiceApp, type PipelineContext, type ServiceDeps } from '@psycheos/bot-runtime';
import { type ServiceHarness, startServiceHarness, textMessage } from '@psycheos/testkit';
import { Composer } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_HEADER } from '../src/http/webhook-secret';

const bot = new Composer<PipelineContext>();
bot.command('boom', () => {
  throw new Error('handler bug');
});
bot.on('message:text', (ctx) => ctx.reply('ok'));

const buildApp = (deps: ServiceDeps) => buildBotServiceApp(deps, bot);

describe('GET /metrics', () => {
  let harness: ServiceHarness;
  const person = { id: 6001 };

  beforeAll(async () => {
    harness = await startServiceHarness({ botId: 'screen', buildApp });
  });
  afterAll(() => harness.close());

  /** The value of the sample `name` whose labels include all of `labels`. */
  const metricValue = (body: string, name: string, labels: Record<string, string>) => {
    const found = body
      .split('\n')
      .find(
        (row) =>
          row.startsWith(`${name}{`) &&
          Object.entries(labels).every(([key, value]) => row.includes(`${key}="${value}"`)),
      );
    return found === undefined ? undefined : Number(found.split(' ').at(-1));
  };

  it('counts received updates, outcomes and handling time per bot, and leaks no ids or texts', async () => {
    const update = textMessage(person, 'секретный текст клиента');
    await harness.deliver(update);
    await harness.deliver(update);
    await harness.deliver(textMessage(person, '/boom'));
    await harness.app.inject({
      method: 'POST',
      url: '/webhook/screen',
      headers: { [SECRET_HEADER]: 'wrong', 'content-type': 'application/json' },
      payload: '{}',
    });

    const response = await harness.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const body = response.body;
    const bot = { service: 'screen', bot: 'screen' };
    expect(metricValue(body, 'psycheos_updates_received_total', bot)).toBe(4);
    for (const outcome of ['handled', 'duplicate', 'handler_error', 'forbidden']) {
      expect(metricValue(body, 'psycheos_updates_total', { ...bot, outcome })).toBe(1);
    }
    expect(metricValue(body, 'psycheos_updates_total', { ...bot, outcome: 'retry_later' })).toBe(
      undefined,
    );
    expect(
      metricValue(body, 'psycheos_update_duration_seconds_count', { ...bot, outcome: 'handled' }),
    ).toBe(1);
    expect(body).toContain('psycheos_process_resident_memory_bytes');
    expect(body).not.toContain('секретный');
    expect(body).not.toContain(String(person.id));
    expect(body).not.toContain(harness.token);
  });
});

describe('GET /metrics with METRICS_TOKEN set', () => {
  let harness: ServiceHarness;
  const token = 'service-metrics-token-0123456789';
  beforeAll(async () => {
    harness = await startServiceHarness({ botId: 'pro', buildApp, env: { METRICS_TOKEN: token } });
  });
  afterAll(() => harness.close());

  it('answers only a scraper that sends the token', async () => {
    const scrape = (authorization?: string) =>
      harness.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: authorization ? { authorization } : {},
      });
    expect((await scrape()).statusCode).toBe(401);
    expect((await scrape('Bearer wrong-token-0123456789')).statusCode).toBe(401);
    const allowed = await scrape(`Bearer ${token}`);
    expect(allowed.statusCode).toBe(200);
    expect(allowed.body).toContain('psycheos_updates_received_total');
  });
});
