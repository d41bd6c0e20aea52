import httpProxy from '@fastify/http-proxy';
import {
  type BotId,
  type GatewayRoute,
  SECRET_HEADER,
  secretMatches,
  WEBHOOK_BODY_LIMIT,
} from '@psycheos/shared';
import type { FastifyInstance } from 'fastify';

/** How long a bot service may take to answer an update before Telegram gets a 504. */
const UPSTREAM_TIMEOUT_MS = 30_000;

/**
 * POST /webhook/<botId>: checks the bot's secret before reading the body, checks the
 * body is a JSON object, then forwards it unchanged to the bot's service and passes
 * its status back. A service that cannot be reached is a 502/503/504, never a 200,
 * so Telegram keeps the update and delivers it again.
 */
export async function registerBotRoute(
  app: FastifyInstance,
  botId: BotId,
  route: GatewayRoute,
): Promise<void> {
  const path = `/webhook/${botId}`;
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      if (!secretMatches(request.headers[SECRET_HEADER], route.secret)) {
        // Not Telegram: the connection is closed with the answer, so a client cannot keep
        // it open by sending the rest of its body slowly.
        return reply
          .code(403)
          .header('connection', 'close')
          .send({ ok: false, error: 'forbidden' });
      }
    });
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (_request, body, done) => {
        // Parse only to refuse what is not a JSON object; the bytes are forwarded as received.
        const bytes = body as Buffer;
        if (!isJsonObject(bytes)) return done(invalidBody());
        done(null, bytes);
      },
    );
    await scope.register(httpProxy, {
      upstream: route.serviceUrl,
      prefix: path,
      rewritePrefix: path,
      httpMethods: ['POST'],
      // We parse the body ourselves (above) instead of streaming it unchecked.
      proxyPayloads: false,
      // The checked bytes go out as they came, with their length: given as the body with a
      // content type, the proxy sends them unchanged (a Buffer alone it would JSON-encode;
      // wrapped in a stream, it cost the gateway a fifth of its CPU in stream machinery).
      handler: (request, reply, dest, options) =>
        reply.from(dest, { ...options, body: request.body, contentType: 'application/json' }),
      // The proxy logs two info lines per request ("fetching", "received"); at Telegram's
      // rates that was a large share of the gateway's CPU (see docs/BENCHMARKS.md).
      logLevel: 'warn',
      undici: { connections: 128, pipelining: 1, keepAliveTimeout: 60_000 },
      replyOptions: {
        timeout: UPSTREAM_TIMEOUT_MS,
        onError: (reply, { error }) => {
          const status = statusForUnreachable(error);
          const { code } = error as { code?: string };
          reply.log.warn({ bot_id: botId, status, code }, 'bot service unreachable');
          return reply
            .code(status)
            .send({ ok: false, error: `the ${botId} service is unavailable, retry later` });
        },
      },
    });
  });
}

function isJsonObject(body: Buffer): boolean {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

function invalidBody() {
  return Object.assign(new Error('the body is not a JSON object'), { statusCode: 400 });
}

/** 503 when nothing listens, 504 when it did not answer in time, 502 for anything else. */
function statusForUnreachable(error: Error): 502 | 503 | 504 {
  const code = (error as { code?: string }).code ?? '';
  const cause = (error.cause as { code?: string } | undefined)?.code ?? '';
  if (/TIMEOUT/i.test(code) || error.name === 'TimeoutError') return 504;
  return [code, cause].includes('ECONNREFUSED') ? 503 : 502;
}
