import { type GatewayRoute, SECRET_HEADER } from '@psycheos/platform';
import { captureLogs, freePort } from '@psycheos/testkit';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { type StandInService, startUpstream } from './stand-in-service';

const SECRET = 'replicas-webhook-secret-0123456789abcdef';

/** Nothing listens there: a replica whose process is gone. */
const aDeadReplica = async () => `http://127.0.0.1:${await freePort()}`;

describe('the gateway in front of several replicas of a bot', () => {
  const started: { close(): Promise<unknown> }[] = [];
  afterEach(async () => {
    for (const thing of started.splice(0).reverse()) await thing.close();
  });

  async function replica(): Promise<StandInService> {
    const service = await startUpstream();
    started.push(service);
    return service;
  }

  async function gatewayFor(serviceUrls: string[]): Promise<FastifyInstance> {
    const routes = new Map<'pro', GatewayRoute>([['pro', { serviceUrls, secret: SECRET }]]);
    const gateway = await buildApp({
      config: { routes, disabledBots: [] },
      logger: captureLogs('gateway').logger,
      healthCacheMs: 0,
    });
    started.push(gateway);
    return gateway;
  }

  const deliver = async (gateway: FastifyInstance, updateId: number) =>
    (
      await gateway.inject({
        method: 'POST',
        url: '/webhook/pro',
        headers: { 'content-type': 'application/json', [SECRET_HEADER]: SECRET },
        payload: JSON.stringify({ update_id: updateId }),
      })
    ).statusCode;
  const updateIdsAt = (service: StandInService) =>
    service.received.map((update) => (JSON.parse(update.body) as { update_id: number }).update_id);

  it('takes the replicas in turn, one update each', async () => {
    const [first, second] = [await replica(), await replica()];
    const gateway = await gatewayFor([first.url, second.url]);

    const statuses = [];
    for (const updateId of [1, 2, 3, 4]) statuses.push(await deliver(gateway, updateId));

    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(updateIdsAt(first)).toEqual([1, 3]);
    expect(updateIdsAt(second)).toEqual([2, 4]);
  });

  it('sends every update to the live replica when the other refuses connections: no update lost, no 5xx', async () => {
    const live = await replica();
    const gateway = await gatewayFor([await aDeadReplica(), live.url]);

    const statuses = [];
    for (const updateId of [1, 2, 3, 4]) statuses.push(await deliver(gateway, updateId));

    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(updateIdsAt(live)).toEqual([1, 2, 3, 4]);
  });

  it('gives the update to the next replica when one drops the connection before answering', async () => {
    const [dying, live] = [await replica(), await replica()];
    dying.dropConnections();
    const gateway = await gatewayFor([dying.url, live.url]);

    expect(await deliver(gateway, 7)).toBe(200);

    // The dying one read it and said nothing; the live one answered for it.
    expect(updateIdsAt(dying)).toEqual([7]);
    expect(updateIdsAt(live)).toEqual([7]);
  });

  it('answers 503 when no replica can be reached, so Telegram delivers the update again', async () => {
    const gateway = await gatewayFor([await aDeadReplica(), await aDeadReplica()]);

    expect([await deliver(gateway, 1), await deliver(gateway, 2)]).toEqual([503, 503]);
  });

  it('passes a replica’s 5xx back to Telegram rather than to another replica: it had the update in hand', async () => {
    const [failing, other] = [await replica(), await replica()];
    failing.answerWith(500);
    const gateway = await gatewayFor([failing.url, other.url]);

    expect(await deliver(gateway, 1)).toBe(500);

    expect(updateIdsAt(failing)).toEqual([1]);
    expect(other.received).toEqual([]);
  });

  it('lists each replica on /health, and the bot as degraded while one of them is down', async () => {
    const [first, second] = [await replica(), await replica()];
    const gateway = await gatewayFor([first.url, second.url]);
    const health = async () => (await gateway.inject({ method: 'GET', url: '/health' })).json();

    expect(await health()).toMatchObject({
      status: 'ok',
      services: { pro: 'up' },
      replicas: { pro: ['up', 'up'] },
      problems: [],
    });

    await second.close();
    expect(await health()).toMatchObject({
      status: 'degraded',
      services: { pro: 'degraded' },
      replicas: { pro: ['up', 'down'] },
      problems: ['pro#2: its service does not answer'],
    });
    // Degraded, and still answering every update.
    expect(await deliver(gateway, 1)).toBe(200);
  });

  it('shows a bot as starting while one replica serves and the other has not answered yet', async () => {
    const first = await replica();
    const gateway = await gatewayFor([first.url, await aDeadReplica()]);

    const report = (await gateway.inject({ method: 'GET', url: '/health' })).json();

    expect(report).toMatchObject({
      status: 'starting',
      services: { pro: 'starting' },
      replicas: { pro: ['up', 'starting'] },
    });
  });
});
