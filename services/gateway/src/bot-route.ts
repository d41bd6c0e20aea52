import httpProxy from '@fastify/http-proxy';
import {
  type BotId,
  type GatewayRoute,
  SECRET_HEADER,
  secretMatches,
  WEBHOOK_BODY_LIMIT,
} from '@psycheos/platform';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify';
import { replicaRing } from './replica-ring';

type FromOptions = NonNullable<Parameters<FastifyReply['from']>[1]>;
/** The reply as @fastify/reply-from hands it back to its error handler. */
type ProxiedReply = Parameters<NonNullable<FromOptions['onError']>>[0];

/** How long a bot service may take to answer an update before Telegram gets a 504. */
const UPSTREAM_TIMEOUT_MS = 30_000;

/**
 * POST /webhook/<botId>: checks the bot's secret before reading the body, checks the
 * body is a JSON object, then forwards it unchanged to one of the bot's replicas (each in
 * turn; the next when one cannot be reached) and passes its status back. When no replica
 * can be reached the answer is a 502/503/504, never a 200, so Telegram keeps the update and
 * delivers it again.
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
    const ring = replicaRing(route.serviceUrls);
    // Our own lines go to the gateway's logger: the proxy's routes log errors only (below).
    const log = app.log;
    await scope.register(httpProxy, {
      // Each update picks its replica (replica-ring.ts): see `forward` below.
      upstream: '',
      prefix: path,
      rewritePrefix: path,
      httpMethods: ['POST'],
      // We parse the body ourselves (above) instead of streaming it unchecked.
      proxyPayloads: false,
      handler: (request, reply, dest, options) =>
        forward({ botId, log, reply, dest, options, body: request.body, order: ring.nextOrder() }),
      // The proxy logs two info lines per request ("fetching", "received"), which at
      // Telegram's rates was a large share of the gateway's CPU (docs/BENCHMARKS.md), and a
      // warning for every replica it could not reach, which `forward` says better.
      logLevel: 'error',
      undici: { connections: 128, pipelining: 1, keepAliveTimeout: 60_000 },
      replyOptions: {
        timeout: UPSTREAM_TIMEOUT_MS,
        // The proxy checks the path against an upstream before the handler runs; the
        // handler then chooses the replica.
        getUpstream: () => ring.urls[0] as string,
      },
    });
  });
}

/**
 * Sends one update to the replicas in `order`, the first first.
 *
 * A replica that could not be reached, or dropped the connection before answering (killed,
 * restarting), gave Telegram no answer, so the next replica gets the update at once and a
 * dead replica costs no update and no 5xx. That is safe even when the dead one had committed
 * the update before it died: the next one finds it in the dedup table and answers 200
 * without handling it twice, and its replies are already in the outbox.
 *
 * A replica that answered, whatever it answered, is not passed over: its status goes back to
 * Telegram. A 5xx may have come after the update was handled (a failure while answering),
 * and the pipeline's own 503 says that something every replica shares is out of reach (the
 * database, Telegram's getMe), which the next replica would meet too; Telegram's redelivery,
 * with its back-off, is the retry that does not pile more onto a struggling database. A
 * timeout is not passed over either: the replica may still be working on the update.
 */
function forward(attempt: {
  botId: BotId;
  log: FastifyBaseLogger;
  reply: ProxiedReply;
  dest: string;
  options: FromOptions;
  body: unknown;
  order: readonly string[];
  index?: number;
}): ProxiedReply {
  const { botId, log, reply, order } = attempt;
  const index = attempt.index ?? 0;
  const replica = order[index] as string;
  return reply.from(attempt.dest, {
    ...attempt.options,
    // The checked bytes go out as they came, with their length: given as the body with a
    // content type, the proxy sends them unchanged (a Buffer alone it would JSON-encode;
    // wrapped in a stream, it cost the gateway a fifth of its CPU in stream machinery).
    // Being bytes in memory, they can be sent again to the next replica.
    body: attempt.body as Buffer,
    contentType: 'application/json',
    getUpstream: () => replica,
    onError: (failed, { error }) => {
      const code = errorCode(error);
      if (index + 1 < order.length && NEVER_ANSWERED.has(code)) {
        log.debug({ bot_id: botId, replica, code }, 'replica unreachable; the next one takes it');
        return forward({ ...attempt, reply: failed, index: index + 1 });
      }
      const status = statusForUnreachable(error);
      log.warn({ bot_id: botId, status, code }, 'bot service unreachable');
      return failed
        .code(status)
        .send({ ok: false, error: `the ${botId} service is unavailable, retry later` });
    },
  });
}

/**
 * Failures that leave the update unanswered by the replica: it could not be reached, or its
 * connection went before it said anything (a killed process, a restart).
 */
const NEVER_ANSWERED = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** @fastify/reply-from wraps the network's error; the code is on the error or its cause. */
function errorCode(error: Error): string {
  const own = (error as { code?: string }).code ?? '';
  if (NEVER_ANSWERED.has(own)) return own;
  return (error.cause as { code?: string } | undefined)?.code ?? own;
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
