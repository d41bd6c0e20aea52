import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from '../observability/logger';

export interface HttpServerOptions {
  logger: Logger;
  bodyLimit?: number;
  /**
   * How long a client may take to send a whole request, headers and body. Telegram sends an
   * update in one go; a client that trickles bytes to hold a socket is cut off with a 408.
   */
  requestTimeoutMs?: number;
  /**
   * How long a connection may stay silent before it is closed. It must outlast the slowest
   * answer (the gateway waits up to 30 s for a bot service), or a slow answer would be cut.
   */
  connectionTimeoutMs?: number;
}

export const REQUEST_TIMEOUT_MS = 10_000;
export const CONNECTION_TIMEOUT_MS = 40_000;

/**
 * The Fastify instance every PsycheOS process serves from. Per-request log lines are
 * off (the pipeline logs each update with its ids; request lines would double the
 * volume for nothing). Errors of ours are logged once here and answered without detail;
 * errors of the caller (4xx) are answered with Fastify's clear message.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const app = Fastify({
    // Fastify types its logger against its own pino version; the object is the same.
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit,
    connectionTimeout: options.connectionTimeoutMs ?? CONNECTION_TIMEOUT_MS,
    requestTimeout,
    // Node applies requestTimeout only when it is given at the server's creation, and looks
    // for expired requests every connectionsCheckingInterval (30 s unless told).
    http: { requestTimeout, connectionsCheckingInterval: Math.min(1_000, requestTimeout) },
    // Idle keep-alive sockets are closed on shutdown so it does not wait for the gateway's pool.
    forceCloseConnections: 'idle',
  });
  // A keep-alive socket busy when shutdown starts would otherwise hold close() open until
  // its keep-alive timeout: answers sent while closing tell the client to hang up.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error, url: request.routeOptions.url }, 'request failed');
      return reply.code(status).send({ ok: false, error: 'internal error' });
    }
    return reply.code(status).send({ ok: false, error: error.message });
  });
  return app;
}
