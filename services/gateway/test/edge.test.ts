import { createConnection } from 'node:net';
import { type GatewayRoute, SECRET_HEADER } from '@psycheos/platform';
import { captureLogs } from '@psycheos/testkit';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';

const SECRET = 'edge-test-webhook-secret-0123456789abcdef';

/**
 * A client on a raw socket that announces a body of 1000 bytes and sends it a byte at a
 * time; resolves with the server's answer (status line and headers) once the server closes
 * the connection.
 */
function trickle(port: number, secret: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
    });
    socket.write(
      `POST /webhook/pro HTTP/1.1\r\nHost: gateway\r\n${SECRET_HEADER}: ${secret}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{`,
    );
    const drip = setInterval(() => socket.write(' '), 100);
    socket.on('close', () => {
      clearInterval(drip);
      resolve(answer.split('\r\n\r\n')[0] ?? '');
    });
    socket.on('error', () => {});
  });
}

describe("the gateway's public edge", () => {
  let gateway: FastifyInstance;
  let upstream: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    upstream = Fastify();
    upstream.post('/webhook/pro', async () => ({ ok: true }));
    await upstream.listen({ host: '127.0.0.1', port: 0 });
    const upstreamPort = (upstream.server.address() as { port: number }).port;
    const routes = new Map<'pro', GatewayRoute>([
      ['pro', { serviceUrls: [`http://127.0.0.1:${upstreamPort}`], secret: SECRET }],
    ]);
    gateway = await buildApp({
      config: { routes, disabledBots: [] },
      logger: captureLogs('gateway').logger,
      // Short, so the test does not wait the production ten seconds.
      timeouts: { requestTimeoutMs: 500 },
    });
    await gateway.listen({ host: '127.0.0.1', port: 0 });
    port = (gateway.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  it('refuses a wrong secret and closes the connection without reading the rest of the body', async () => {
    const answer = await trickle(port, 'not-the-secret');
    expect(answer).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
    expect(answer.toLowerCase()).toContain('\r\nconnection: close');
  });

  it('cuts off a client that trickles its body, whatever its secret', async () => {
    expect(await trickle(port, SECRET)).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  });
});
