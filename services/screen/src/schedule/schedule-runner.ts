import type { ServiceDeps } from '@psycheos/bot-runtime';
import { type JobHandler, startJobRunner } from '@psycheos/jobs';
import type { FastifyInstance } from 'fastify';

/**
 * The schedule's jobs are a few quick statements each (milliseconds), so one at a time per
 * replica keeps up with thousands a minute; each more would hold another connection of
 * PostgreSQL's, which a platform of seven processes shares.
 */
const CONCURRENCY = 1;

/**
 * Runs screen's schedule jobs in this process while the app is up: started when it is
 * ready, stopped first when it closes (Fastify runs onClose hooks in reverse), so a job
 * in flight finishes while the database is still there. Every replica runs one; the
 * queue gives each job to one of them.
 */
export function runScheduleJobs(
  app: FastifyInstance,
  deps: ServiceDeps,
  tasks: Record<string, JobHandler>,
  pollIntervalMs?: number,
): void {
  let runner: { stop(): Promise<void> } | undefined;
  app.addHook('onReady', async () => {
    runner = await startJobRunner({
      connectionString: deps.config.database.migrationUrl,
      concurrency: CONCURRENCY,
      logger: deps.logger,
      applicationName: 'psycheos-screen-jobs',
      pollIntervalMs,
      tasks,
    });
  });
  app.addHook('onClose', async () => {
    await runner?.stop();
  });
}
