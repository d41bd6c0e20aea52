import httpProxy from '@fastify/http-proxy';
import type { FastifyInstance } from 'fastify';

/** Loopback addresses as Node reports a socket's peer (IPv4, IPv6, and IPv4 mapped into IPv6). */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * /playground and everything under it go to the local playground (services/playground), which
 * npm start runs only when no bot has a Telegram token. The playground lets anyone act as any
 * person, the admin included, so it answers only a browser on this machine: the socket's own
 * peer address decides (never X-Forwarded-For, which a client writes), and anyone else gets
 * the same 404 as a path that does not exist.
 */
export async function registerPlaygroundRoute(app: FastifyInstance, playgroundUrl: string) {
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      if (!LOOPBACK.test(request.raw.socket.remoteAddress ?? '')) {
        return reply.code(404).send({ ok: false, error: 'no such bot or route' });
      }
    });
    await scope.register(httpProxy, {
      upstream: playgroundUrl,
      prefix: '/playground',
      rewritePrefix: '/playground',
      httpMethods: ['GET', 'HEAD', 'POST'],
      logLevel: 'warn',
      // The page follows the chats with a long poll of up to 25 s.
      undici: { headersTimeout: 60_000, bodyTimeout: 60_000 },
    });
  });
}
