import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { accountSummary } from '@psycheos/billing';
import { CASE_BOTS, type CaseBot, type Database, findBotUsername, findOwnCase } from '@psycheos/db';
import { isAiToolBot } from '@psycheos/platform';
import type { InstrumentCatalogue } from '@psycheos/screening';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { requireCurrentTerms } from '../auth/current-terms';
import { requireSpecialist, verifyInitData } from '../auth/specialist-auth';
import { latestAnswers, savedResults, screeningHistory } from '../data/case-detail';
import { listCases } from '../data/cases';
import { launchToken } from '../data/launch-links';
import { launchRateLimit, limitCallsPerSpecialist } from './rate-limits';
import { answerRefusals } from './refusals';
import { accountSchema, launchToolSchema, listCasesSchema, showCaseSchema } from './route-schemas';

export interface ApiDeps {
  db: Kysely<Database>;
  catalogue: InstrumentCatalogue;
  proBotToken: string;
  initDataMaxAgeSeconds: number;
  trialMilli: number;
}

/**
 * The tools a case can be opened in from the dashboard (screening links are the client's,
 * made in pro). The Симулятор is no case's tool: it is the trainer, in pro's main menu.
 */
const TOOLS: readonly CaseBot[] = CASE_BOTS.filter(isAiToolBot);
const LEDGER_ENTRIES = 20;

/**
 * The dashboard's JSON API under /app/api. Every route needs a valid initData of an active
 * specialist (auth/specialist-auth.ts), within that person's rate limit (rate-limits.ts),
 * and reads only that specialist's rows; a case of someone else's answers 404, exactly like
 * one that does not exist. A tool link also needs the terms in force accepted
 * (auth/current-terms.ts). Each route's schema (route-schemas.ts) checks the path before the
 * handler runs and keeps each answer to contract.ts's fields; the handlers return its types.
 */
export async function registerApi(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  await app.register(
    async (scope) => {
      const api = scope.withTypeProvider<TypeBoxTypeProvider>();
      answerRefusals(api);
      // Signature, then the sender's rate limit, then the account: a call over the limit
      // costs no database query.
      api.addHook(
        'onRequest',
        verifyInitData({
          proBotToken: deps.proBotToken,
          maxAgeSeconds: deps.initDataMaxAgeSeconds,
        }),
      );
      await limitCallsPerSpecialist(api);
      api.addHook('preHandler', requireSpecialist({ db: deps.db }));
      // Case material: never stored by a browser or a proxy.
      api.addHook('onSend', async (_request, reply) => {
        reply.header('cache-control', 'no-store');
      });

      api.get('/cases', { schema: listCasesSchema }, async (request) => ({
        cases: await listCases(deps.db, request.specialistUserId),
      }));

      api.get('/cases/:caseId', { schema: showCaseSchema }, async (request, reply) => {
        const found = await findOwnCase(deps.db, request.specialistUserId, request.params.caseId);
        if (!found) return reply.code(404).send({ error: 'case_not_found' });
        const [screenings, answers, results] = await Promise.all([
          screeningHistory(deps.db, deps.catalogue, found.context_id),
          latestAnswers(deps.db, deps.catalogue, found.context_id),
          savedResults(deps.db, request.specialistUserId, found.context_id),
        ]);
        return {
          case: { id: found.context_id, label: found.client_ref, status: found.status },
          screenings,
          latestAnswers: answers,
          results,
          tools: found.status === 'active' ? [...TOOLS] : [],
        };
      });

      api.post(
        '/cases/:caseId/launch/:tool',
        {
          schema: launchToolSchema,
          config: launchRateLimit,
          preHandler: requireCurrentTerms({ db: deps.db }),
        },
        async (request, reply) => {
          const tool = TOOLS.find((candidate) => candidate === request.params.tool);
          if (!tool) return reply.code(404).send({ error: 'unknown_tool' });
          const found = await findOwnCase(deps.db, request.specialistUserId, request.params.caseId);
          if (!found) return reply.code(404).send({ error: 'case_not_found' });
          if (found.status !== 'active') return reply.code(409).send({ error: 'case_archived' });
          const username = await findBotUsername(deps.db, tool);
          if (!username) return reply.code(503).send({ error: 'tool_unavailable' });
          // The same single-use, expiring link as the case card's in pro; asked again, the same one.
          const token = await launchToken(deps.db, {
            botId: tool,
            specialistUserId: found.specialist_user_id,
            contextId: found.context_id,
          });
          return { link: `https://t.me/${username}?start=${token}` };
        },
      );

      api.get('/account', { schema: accountSchema }, async (request) => {
        const summary = await accountSummary(deps.db, request.specialistUserId, {
          trialMilli: deps.trialMilli,
          entries: LEDGER_ENTRIES,
        });
        return {
          balanceMilli: summary.balanceMilli,
          subscription: summary.subscription && {
            paidUntil: summary.subscription.paidUntil.toISOString(),
          },
          entries: summary.entries.map((entry) => ({
            kind: entry.kind,
            amountMilli: entry.amount_milli,
            at: entry.created_at.toISOString(),
          })),
        };
      });
    },
    { prefix: '/app/api' },
  );
}
