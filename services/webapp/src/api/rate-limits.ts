import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

/**
 * How often one specialist may call the API, counted per verified Telegram id, in the
 * memory of each dashboard process. Why: a valid initData is a bearer credential for
 * WEBAPP_INIT_DATA_MAX_AGE_SECONDS, and with it a script asked for 300 tool links in five
 * seconds; every one succeeded and was stored. The page makes one call per screen it
 * shows, so a person never meets these limits.
 */
export const RATE_LIMITS = {
  callsPerMinute: 60,
  /** Tool links, counted apart: one per press of a tool's button (a repeat gets the same link). */
  launchesPerMinute: 10,
} as const;

/** What the page shows when a limit is reached. */
export const TOO_MANY_REQUESTS =
  'Слишком много запросов подряд. Подождите минуту и попробуйте снова.';

/** The limit's refusal, answered as 429 by the API's error handler (refusals.ts). */
export class TooManyRequests extends Error {
  readonly statusCode = 429;
  constructor() {
    super(TOO_MANY_REQUESTS);
  }
}

/**
 * Registers @fastify/rate-limit on the API's routes (those registered after it). Its hook
 * runs after the scope's own onRequest hooks, so the initData is verified first and its
 * Telegram id is the key; a forged call is refused before it is counted (and costs one HMAC).
 */
export async function limitCallsPerSpecialist(api: FastifyInstance): Promise<void> {
  await api.register(rateLimit, {
    max: RATE_LIMITS.callsPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `tg:${request.telegramUserId}`,
    errorResponseBuilder: () => new TooManyRequests(),
  });
}

/** The launch route's own, stricter limit (its route config). */
export const launchRateLimit = {
  rateLimit: { max: RATE_LIMITS.launchesPerMinute, timeWindow: 60_000 },
};
