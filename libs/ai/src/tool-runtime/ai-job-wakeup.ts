import type { JobRunner } from '@psycheos/jobs';
import type { FastifyInstance } from 'fastify';

/**
 * A tool's requests are queued without a NOTIFY (requestAiJob), so nothing in PostgreSQL
 * wakes a worker when one commits. What does: the webhook that queued it. Its answer goes
 * out only after the update's transaction has committed, so then a worker looks for a job
 * at once (within milliseconds, as a NOTIFY did): an idle one of this process, or, when all
 * are busy, another replica's, told by one NOTIFY sent outside the update's transaction
 * (JobRunner.wake). An update that queued nothing costs a worker one empty look. A request
 * left by a process that died right after its commit is found by the runners' poll.
 */
export function wakeAiWorkersAfterWebhooks(
  app: FastifyInstance,
  botId: string,
  runner: () => Pick<JobRunner, 'wake'> | undefined,
): void {
  const webhook = `/webhook/${botId}`;
  app.addHook('onResponse', async (request) => {
    if (request.method === 'POST' && request.routeOptions.url === webhook) runner()?.wake();
  });
}
