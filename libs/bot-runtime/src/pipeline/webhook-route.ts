import type { ServiceMetrics } from '@psycheos/platform';
import { SECRET_HEADER, WEBHOOK_BODY_LIMIT } from '@psycheos/platform';
import type { FastifyInstance } from 'fastify';
import { createWebhookPipeline, type WebhookPipelineDeps } from './webhook-pipeline';

/**
 * Mounts POST /webhook/<botId>. The body is taken as text and parsed by the pipeline,
 * so the secret is checked first. Fastify itself answers 413 for a body over the limit
 * and 415 for a content type other than JSON.
 */
export async function registerWebhookRoute(
  app: FastifyInstance,
  deps: WebhookPipelineDeps & { metrics?: ServiceMetrics },
): Promise<void> {
  const processWebhook = createWebhookPipeline(deps);
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: WEBHOOK_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    scope.post(`/webhook/${deps.botId}`, async (request, reply) => {
      const finished = deps.metrics?.startUpdate(deps.botId);
      const response = await processWebhook({
        secretToken: request.headers[SECRET_HEADER],
        rawBody: typeof request.body === 'string' ? request.body : '',
      });
      finished?.(response.outcome);
      return reply.code(response.status).send(response.body);
    });
  });
}
