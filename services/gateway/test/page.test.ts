import type { GatewayRoute } from '@psycheos/platform';
import { captureLogs } from '@psycheos/testkit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { type StandInService, startUpstream } from './stand-in-service';

/** /health/page: what a plain uptime checker pages on, apart from the gateway's liveness. */
describe('the gateway /health/page', () => {
  let gateway: FastifyInstance;
  let pro: StandInService;
  let screen: StandInService;

  beforeAll(async () => {
    pro = await startUpstream();
    screen = await startUpstream();
    const routes = new Map<'pro' | 'screen', GatewayRoute>([
      ['pro', { serviceUrls: [pro.url], secret: 'pro-webhook-secret-0123456789abcdef' }],
      ['screen', { serviceUrls: [screen.url], secret: 'screen-webhook-secret-0123456789abcdef' }],
    ]);
    gateway = await buildApp({
      config: {
        routes,
        disabledBots: ['interpretator', 'conceptualizator', 'simulator'],
        pageBacklogMinutes: 10,
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
    pro.reportStatus('ok');
    pro.reportFields({});
    screen.reportStatus('ok');
    screen.reportFields({});
  });

  const page = async () => {
    const response = await gateway.inject({ method: 'GET', url: '/health/page' });
    return { status: response.statusCode, body: response.json() as { reasons: string[] } };
  };

  it('answers 200 with no reasons while every bot is well', async () => {
    expect(await page()).toEqual({ status: 200, body: { status: 'ok', reasons: [] } });
  });

  it('stays quiet for what carries on by itself, and for a backlog younger than the limit', async () => {
    pro.reportStatus('degraded', ['NATS is disconnected; events wait in the outbox']);
    pro.reportFields({ reply_backlog_oldest_seconds: 9 * 60, outbox_backlog_oldest_seconds: 60 });
    expect((await page()).status).toBe(200);
  });

  it('pages when an undelivered crisis alert or a backlog older than the limit needs a person', async () => {
    pro.reportFields({ crisis_alerts_undelivered: 1, reply_backlog_oldest_seconds: 12 * 60 });
    screen.reportFields({ outbox_backlog_oldest_seconds: 11 * 60 });
    expect(await page()).toEqual({
      status: 503,
      body: {
        status: 'page',
        reasons: [
          'pro: 1 crisis alert(s) did not reach their specialist',
          'pro: a reply has waited 12 min to be sent',
          'an event has waited 11 min in the outbox to reach NATS',
        ],
      },
    });
  });

  it('pages when a bot cannot reach its database, while /health stays 200', async () => {
    screen.reportFields({ database: 'down' }, 503);
    expect((await page()).body.reasons).toEqual(['screen: the database does not answer']);
    expect((await gateway.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('pages when the database answers but refuses writes (a full disk)', async () => {
    pro.reportStatus('degraded', ['the database refuses writes (its disk is full)']);
    pro.reportFields({ database: 'up', database_refuses_writes: 'disk_full' });
    expect(await page()).toEqual({
      status: 503,
      body: { status: 'page', reasons: ['pro: the database refuses writes (disk_full)'] },
    });
  });

  it('pages when a bot service is down, and names it', async () => {
    // It answered before (the tests above), so it is down, not starting.
    await pro.close();
    const answer = await page();
    expect(answer.status).toBe(503);
    expect(answer.body.reasons).toEqual(['pro: its service does not answer']);
    expect((await gateway.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});
