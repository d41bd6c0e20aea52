import type { FastifyInstance } from 'fastify';
import { TooManyRequests } from './rate-limits';

/**
 * The API's refusals that arrive as errors rather than as a handler's answer, written like
 * its other refusals (contract.ts's ApiRefusal, a code and words): a call over its rate limit
 * (429, with the words the page shows) and a path its route's schema rejects (400, saying
 * which part and why, so a malformed id is the caller's mistake and never a 500). Anything
 * else goes on to the server's own handler, which logs a 5xx once and answers it generically.
 */
export function answerRefusals(api: FastifyInstance): void {
  api.setErrorHandler((error, _request, reply) => {
    if (error instanceof TooManyRequests) {
      return reply.code(429).send({ error: 'too_many_requests', message: error.message });
    }
    if (isSchemaRejection(error)) {
      return reply.code(400).send({ error: 'invalid_request', message: error.message });
    }
    throw error;
  });
}

/** Fastify's error for a request that fails its route's schema: `validation` lists what failed. */
function isSchemaRejection(error: unknown): error is Error {
  return error instanceof Error && 'validation' in error && Array.isArray(error.validation);
}
