import type { AddressInfo } from 'node:net';
import { SECRET_HEADER } from '@psycheos/platform';
import Fastify from 'fastify';

export type StandInService = Awaited<ReturnType<typeof startUpstream>>;

/**
 * A stand-in bot service on a real port: records what it receives, answers as told, or
 * drops the connection without answering, as a process killed mid-update does.
 */
export async function startUpstream(port = 0) {
  const received: Array<{ url: string; body: string; secret: unknown }> = [];
  let status = 200;
  let hang = false;
  let isDroppingConnections = false;
  let healthStatus = 'ok';
  let healthProblems: string[] = [];
  let healthFields: Record<string, unknown> = {};
  let healthCode = 200;
  const upstream = Fastify();
  upstream.removeAllContentTypeParsers();
  upstream.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  upstream.post('/webhook/:bot', async (request, reply) => {
    received.push({
      url: request.url,
      body: request.body as string,
      secret: request.headers[SECRET_HEADER],
    });
    if (isDroppingConnections) {
      request.raw.socket.destroy();
      return reply.hijack();
    }
    return reply.code(status).send({ ok: status === 200 });
  });
  upstream.get('/health', async (_request, reply) => {
    if (hang) await new Promise(() => {});
    return reply
      .code(healthCode)
      .send({ status: healthStatus, problems: healthProblems, ...healthFields });
  });
  await upstream.listen({ host: '127.0.0.1', port });
  const address = upstream.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    received,
    answerWith: (code: number) => {
      status = code;
    },
    /** Reads each update, then closes its connection without a word. */
    dropConnections: () => {
      isDroppingConnections = true;
    },
    hangHealth: () => {
      hang = true;
    },
    reportStatus: (value: string, problems: string[] = []) => {
      healthStatus = value;
      healthProblems = problems;
    },
    /** Further fields of its /health (a backlog's age, undelivered crisis alerts), and its code. */
    reportFields: (fields: Record<string, unknown>, code = 200) => {
      healthFields = fields;
      healthCode = code;
    },
    close: () => upstream.close(),
  };
}
