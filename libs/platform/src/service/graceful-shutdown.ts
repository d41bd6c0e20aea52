import type { FastifyInstance } from 'fastify';
import type { Logger } from '../observability/logger';

/**
 * The longest a shutdown may take before the process gives up and exits 1. The gateway waits
 * up to 30 s for a service's answer only while it runs; on a signal it stops taking
 * requests, so what is in flight ends well within this. A platform's grace period must be
 * longer: Railway's drainingSeconds (services/<name>/railway.json), Compose's stop_grace_period.
 */
export const SHUTDOWN_DEADLINE_MS = 25_000;

/**
 * On SIGTERM (every Railway deploy) or SIGINT (Ctrl-C): stop accepting, let the
 * requests in flight finish, run the app's onClose hooks (replies, NATS), then
 * `afterClose` (the database, which those hooks still need), exit 0.
 * A second signal while closing exits at once; a shutdown still running after
 * SHUTDOWN_DEADLINE_MS exits 1, before the platform's SIGKILL would.
 */
export function closeOnSignals(
  app: FastifyInstance,
  logger: Logger,
  afterClose: () => Promise<void> = async () => {},
): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn({ signal }, 'second signal during shutdown; exiting now');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    setTimeout(() => {
      logger.error(`shutdown did not finish within ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting now`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    app
      .close()
      .then(afterClose)
      .then(
        () => {
          logger.info('shut down cleanly');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
