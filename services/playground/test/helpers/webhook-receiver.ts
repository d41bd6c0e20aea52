import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';

export interface ReceivedUpdate {
  botId: string;
  secret: string | undefined;
  update: Record<string, unknown>;
}

/**
 * A tiny bot: a real HTTP server that takes updates at /webhook/<botId>, as the gateway
 * does, and keeps them for the test to read.
 */
export async function startWebhookReceiver() {
  const received: ReceivedUpdate[] = [];
  const server = Fastify();
  server.post<{ Params: { botId: string } }>('/webhook/:botId', async (request) => {
    const secret = request.headers['x-telegram-bot-api-secret-token'];
    received.push({
      botId: request.params.botId,
      secret: typeof secret === 'string' ? secret : undefined,
      update: request.body as Record<string, unknown>,
    });
    return { ok: true };
  });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const { port } = server.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => server.close() };
}
