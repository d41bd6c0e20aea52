import type { Database } from '@psycheos/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { checkInitData } from './init-data';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Telegram id the call's initData is signed for (set by verifyInitData). */
    telegramUserId: number;
    /** The users.user_id of the specialist this API call is for (set by requireSpecialist). */
    specialistUserId: string;
    /** The version of the terms that specialist accepted, if any (set by requireSpecialist). */
    acceptedTermsVersion: string | null;
  }
}

/**
 * Every API call carries the Mini App's initData as `Authorization: tma <initData>`; no
 * cookies, no session. 401 when it is missing, forged or too old. Only a signature is
 * checked here, so the call can be counted against its sender's rate limit
 * (api/rate-limits.ts) before it costs a database query.
 */
export function verifyInitData(deps: { proBotToken: string; maxAgeSeconds: number }) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const initData = header.startsWith('tma ') ? header.slice(4) : undefined;
    const check = checkInitData(initData, deps.proBotToken, deps.maxAgeSeconds);
    if (!check.ok) {
      request.log.info({ reason: check.reason }, 'dashboard call refused: initData');
      return reply
        .code(401)
        .send({ error: check.reason === 'expired' ? 'expired' : 'unauthorized' });
    }
    request.telegramUserId = check.telegramUserId;
  };
}

/** 403 when the signed-in user is not an active specialist (blocked, deleted, or never registered). */
export function requireSpecialist(deps: { db: Kysely<Database> }) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const account = await deps.db
      .selectFrom('users')
      .select(['user_id', 'status', 'terms_version'])
      .where('telegram_id', '=', request.telegramUserId)
      .where('role', '=', 'specialist')
      .executeTakeFirst();
    if (account?.status !== 'active') {
      return reply.code(403).send({ error: account ? 'blocked' : 'not_a_specialist' });
    }
    request.specialistUserId = account.user_id;
    request.acceptedTermsVersion = account.terms_version;
  };
}
