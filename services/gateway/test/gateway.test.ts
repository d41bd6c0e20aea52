import { type GatewayRoute, SECRET_HEADER } from '@psycheos/platform';
import { captureLogs, freePort } from '@psycheos/testkit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { startUpstream } from './stand-in-service';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

describe('gateway', () => {
  let gateway: FastifyInstance;
  let pro: Awaited<ReturnType<typeof startUpstream>>;
  let screen: Awaited<ReturnType<typeof startUpstream>>;
  const secrets = {
    pro: 'pro-webhook-secret-0123456789abcdef',
    screen: 'screen-webhook-secret-0123456789abcdef',
    interpretator: 'interpretator-webhook-secret-0123456789',
  };

  beforeAll(async () => {
    pro = await startUpstream();
    screen = await startUpstream();
    const routes = new Map<'pro' | 'screen' | 'interpretator', GatewayRoute>([
      ['pro', { serviceUrls: [pro.url], secret: secrets.pro }],
      ['screen', { serviceUrls: [screen.url], secret: secrets.screen }],
      // Nothing listens on port 1: a service that is down.
      ['interpretator', { serviceUrls: ['http://127.0.0.1:1'], secret: secrets.interpretator }],
    ]);
    gateway = await buildApp({
      config: {
        routes,
        disabledBots: ['conceptualizator', 'simulator'],
        metricsToken: METRICS_TOKEN,
      },
      logger: captureLogs('gateway').logger,
      healthCacheMs: 0,
    });
  });
  afterAll(async () => {
    await gateway.close();
    await pro.close();
    await screen.close();
  });
  beforeEach(() => {
    pro.received.length = 0;
    pro.answerWith(200);
  });

  const post = (
    bot: string,
    secret: string | undefined,
    payload: string,
    type = 'application/json',
  ) =>
    gateway.inject({
      method: 'POST',
      url: `/webhook/${bot}`,
      headers: { 'content-type': type, ...(secret && { [SECRET_HEADER]: secret }) },
      payload,
    });

  it('forwards a verified update byte for byte to its service and passes the answer back', async () => {
    const payload = '{"update_id":7,"message":{"text":"привет 👋"}}';
    const response = await post('pro', secrets.pro, payload);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true });
    expect(pro.received).toEqual([{ url: '/webhook/pro', body: payload, secret: secrets.pro }]);
  });

  it("passes the service's own error status through", async () => {
    pro.answerWith(503);
    const response = await post('pro', secrets.pro, '{"update_id":8}');
    expect(response.statusCode).toBe(503);
  });

  it('refuses /metrics to a scraper without the token', async () => {
    const anonymous = await gateway.inject({ method: 'GET', url: '/metrics' });
    const wrong = await gateway.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer not-the-metrics-token' },
    });
    expect([anonymous.statusCode, wrong.statusCode]).toEqual([401, 401]);
    expect(anonymous.body).not.toContain('psycheos_');
  });

  it('accepts both secrets of a bot in rotation, and neither for another bot', async () => {
    const rotating = await buildApp({
      config: {
        routes: new Map([
          [
            'pro',
            {
              serviceUrls: [pro.url],
              secret: [secrets.pro, 'pro-previous-webhook-secret-0123456789'],
            },
          ],
          ['screen', { serviceUrls: [screen.url], secret: secrets.screen }],
        ]),
        disabledBots: [],
      },
      logger: captureLogs('gateway').logger,
    });
    try {
      const postTo = (bot: string, secret: string) =>
        rotating.inject({
          method: 'POST',
          url: `/webhook/${bot}`,
          headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
          payload: '{"update_id":21}',
        });
      expect((await postTo('pro', 'pro-previous-webhook-secret-0123456789')).statusCode).toBe(200);
      expect((await postTo('pro', secrets.pro)).statusCode).toBe(200);
      expect((await postTo('screen', 'pro-previous-webhook-secret-0123456789')).statusCode).toBe(
        403,
      );
    } finally {
      await rotating.close();
    }
  });

  it('answers 404 for an unknown bot and for a bot that is not routed', async () => {
    expect((await post('nosuchbot', 'x', '{}')).statusCode).toBe(404);
    expect((await post('simulator', 'x', '{}')).statusCode).toBe(404);
  });

  it("answers 403 to a missing or wrong secret, and to another bot's secret", async () => {
    const responses = await Promise.all([
      post('pro', undefined, '{"update_id":1}'),
      post('pro', 'wrong', '{"update_id":1}'),
      post('screen', secrets.pro, '{"update_id":1}'),
    ]);
    expect(responses.map((response) => response.statusCode)).toEqual([403, 403, 403]);
    expect(pro.received).toHaveLength(0);
    expect(screen.received).toHaveLength(0);
  });

  it.each([
    ['malformed JSON', '{"update_id":', 'application/json', 400],
    ['a JSON array', '[{"update_id":1}]', 'application/json', 400],
    ['a JSON number', '42', 'application/json', 400],
    ['JSON null', 'null', 'application/json', 400],
    ['an empty body', '', 'application/json', 400],
    ['a non-JSON content type', 'update_id=1', 'application/x-www-form-urlencoded', 415],
    ['a body over the limit', `{"x":"${'a'.repeat(1024 * 1024)}"}`, 'application/json', 413],
  ])('refuses %s without forwarding it', async (_name, payload, type, status) => {
    const response = await post('pro', secrets.pro, payload, type);
    expect(response.statusCode).toBe(status);
    expect(response.json().ok).toBe(false);
    expect(pro.received).toHaveLength(0);
  });

  it('answers 503, never 200, when the service is down, so Telegram retries', async () => {
    const response = await post('interpretator', secrets.interpretator, '{"update_id":9}');
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      ok: false,
      error: 'the interpretator service is unavailable, retry later',
    });
  });

  it('counts webhook requests per bot and status on /metrics, unknown bots as "unknown"', async () => {
    await post('screen', secrets.screen, '{"update_id":10}');
    await post('screen', 'wrong', '{"update_id":11}');
    await post('made-up-bot', 'x', '{}');
    const response = await gateway.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(response.statusCode).toBe(200);
    const rows = response.body.split('\n');
    const count = (bot: string, status: string) =>
      rows.find(
        (row) =>
          row.startsWith('psycheos_gateway_requests_total{') &&
          row.includes(`bot="${bot}"`) &&
          row.includes(`status="${status}"`),
      );
    expect(count('screen', '200')).toMatch(/ 1$/);
    expect(count('screen', '403')).toMatch(/ \d+$/);
    // 'nosuchbot' earlier in this file and 'made-up-bot' here share one label.
    expect(count('unknown', '404')).toMatch(/ 2$/);
    expect(response.body).not.toMatch(/made-up-bot|nosuchbot/);
  });

  it('reports each service on /health, without hanging on one that hangs', async () => {
    screen.hangHealth();
    const response = await gateway.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'starting',
      version: '0.1.0',
      services: {
        pro: 'up',
        // Neither has answered since the gateway started (down once they have).
        screen: 'starting',
        interpretator: 'starting',
        conceptualizator: 'disabled',
        simulator: 'disabled',
        // No SERVICE_URL_WEBAPP: the dashboard is not routed.
        webapp: 'disabled',
      },
      replicas: { pro: ['up'], screen: ['starting'], interpretator: ['starting'] },
      problems: [],
    });
  });

  it('shows a bot whose token Telegram refuses as degraded, with the reason', async () => {
    pro.reportStatus('degraded', ['Telegram refuses the bot token (401: Unauthorized)']);
    const response = await gateway.inject({ method: 'GET', url: '/health' });
    expect(response.json()).toMatchObject({
      status: 'degraded',
      services: { pro: 'degraded' },
      problems: ['pro: Telegram refuses the bot token (401: Unauthorized)'],
    });
    pro.reportStatus('ok');
  });
});

describe('gateway health while services start and restart', () => {
  it('lists a service as starting until it first answers, and as down when it stops answering after that', async () => {
    const port = await freePort();
    const routes = new Map<'pro', GatewayRoute>([
      [
        'pro',
        {
          serviceUrls: [`http://127.0.0.1:${port}`],
          secret: 'health-webhook-secret-0123456789abcdef',
        },
      ],
    ]);
    const gateway = await buildApp({
      config: { routes, disabledBots: [] },
      logger: captureLogs('gateway').logger,
      healthCacheMs: 0,
    });
    const health = async () => (await gateway.inject({ method: 'GET', url: '/health' })).json();
    try {
      expect(await health()).toMatchObject({ status: 'starting', services: { pro: 'starting' } });
      const pro = await startUpstream(port);
      expect(await health()).toMatchObject({ status: 'ok', services: { pro: 'up' } });
      await pro.close();
      expect(await health()).toMatchObject({ status: 'degraded', services: { pro: 'down' } });
    } finally {
      await gateway.close();
    }
  });
});

describe('gateway health with no bot enabled', () => {
  it('is not ok: it answers 503 and says that no bot is enabled', async () => {
    const gateway = await buildApp({
      config: {
        routes: new Map(),
        disabledBots: ['pro', 'screen', 'interpretator', 'conceptualizator', 'simulator'],
      },
      logger: captureLogs('gateway').logger,
    });
    try {
      const response = await gateway.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        status: 'degraded',
        services: { pro: 'disabled', simulator: 'disabled' },
        problems: ['no bot is enabled: set SERVICE_URL_<BOT> and TG_WEBHOOK_SECRET_<BOT>'],
      });
    } finally {
      await gateway.close();
    }
  });
});

describe('gateway metrics without METRICS_TOKEN', () => {
  it('serves none, since the gateway faces the internet', async () => {
    const gateway = await buildApp({
      config: { routes: new Map(), disabledBots: [] },
      logger: captureLogs('gateway').logger,
    });
    try {
      expect((await gateway.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    } finally {
      await gateway.close();
    }
  });
});
