import { hasAcceptedCurrentTerms } from '@psycheos/ai/terms';
import type { Database } from '@psycheos/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';

/** What the page shows instead of a tool link; pro shows the terms on any message. */
export const ACCEPT_TERMS_IN_PRO =
  'Инструменты откроются, когда вы примете актуальные условия работы. Напишите любое сообщение боту PsycheOS Pro — он покажет условия, — и вернитесь сюда.';

/**
 * 403 `terms_not_accepted` for a specialist who has not accepted the terms in force (the
 * version pro recorded at start): a tool link sends their material to Anthropic in the
 * USA, which those terms are the specialist's agreement to, so without them the dashboard
 * makes no link, as pro makes none. Reading their cases is not refused: that sends nothing
 * anywhere. Runs after requireSpecialist.
 */
export function requireCurrentTerms(deps: { db: Kysely<Database> }) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (await hasAcceptedCurrentTerms(deps.db, request.acceptedTermsVersion)) return;
    return reply.code(403).send({ error: 'terms_not_accepted', message: ACCEPT_TERMS_IN_PRO });
  };
}
