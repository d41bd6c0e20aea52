import type { FastifyInstance } from 'fastify';

/** Loopback addresses as Node reports a socket's peer (IPv4, IPv6, and IPv4 mapped into IPv6). */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export const isLoopback = (address: string | undefined) => LOOPBACK.test(address ?? '');

/**
 * Refuses every request that does not come from this machine. The playground signs anyone in
 * as anyone, the admin included; it listens on loopback and the gateway checks too, so this is
 * a third line: the socket's own peer decides, never X-Forwarded-For, which a client writes.
 */
export function refuseOtherMachines(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!isLoopback(request.raw.socket.remoteAddress)) {
      return reply.code(403).send({ ok: false, error: 'the playground answers this machine only' });
    }
  });
}
