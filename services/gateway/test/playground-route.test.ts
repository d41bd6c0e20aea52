import type { AddressInfo } from 'node:net';
import { loadGatewayConfig } from '@psycheos/platform';
import { captureLogs } from '@psycheos/testkit';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';

describe('the local playground behind the gateway', () => {
  let playground: FastifyInstance;
  let gateway: FastifyInstance;

  beforeAll(async () => {
    playground = Fastify();
    playground.get('/playground', async () => 'the playground page');
    await playground.listen({ host: '127.0.0.1', port: 0 });
    const { port } = playground.server.address() as AddressInfo;
    gateway = await buildApp({
      config: {
        routes: new Map(),
        disabledBots: [],
        playgroundUrl: `http://127.0.0.1:${port}`,
      },
      logger: captureLogs('gateway').logger,
    });
  });
  afterAll(async () => {
    await gateway.close();
    await playground.close();
  });

  it('serves the playground to a browser on this machine', async () => {
    for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const response = await gateway.inject({ url: '/playground', remoteAddress });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('the playground page');
    }
  });

  it('answers anyone else as if there were no playground, whatever X-Forwarded-For says', async () => {
    const response = await gateway.inject({
      url: '/playground',
      remoteAddress: '203.0.113.9',
      headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('playground page');
  });
});

describe('the playground in the gateway configuration', () => {
  it('refuses SERVICE_URL_PLAYGROUND in production with a line naming it', () => {
    expect(() =>
      loadGatewayConfig({
        NODE_ENV: 'production',
        SERVICE_URL_PLAYGROUND: 'http://127.0.0.1:9999',
      }),
    ).toThrow(/SERVICE_URL_PLAYGROUND must not be set in production/);
  });

  it('routes nothing to a playground unless SERVICE_URL_PLAYGROUND is set', async () => {
    const config = loadGatewayConfig({});
    expect(config.playgroundUrl).toBeUndefined();
    const gateway = await buildApp({ config, logger: captureLogs('gateway').logger });
    const response = await gateway.inject({ url: '/playground' });
    expect(response.statusCode).toBe(404);
    await gateway.close();
  });
});
