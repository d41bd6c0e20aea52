import type { FastifyInstance } from 'fastify';
import type { Logger } from '../observability/logger';
import { exitWithReason } from './exit-reason';

/**
 * The longest a shutdown may take before the process gives up and exits 1. The gateway waits
 * up to 30 s for a service's answer only while it runs; on a signal it stops taking
 * requests, so what is in flight ends well within this. A platform's grace period must be
 * longer: Railway's drainingSeconds (services/<name>/railway.json), Compose's stop_grace_period.
 */
export const SHUTDOWN_DEADLINE_MS = 25_000;

/**
 * On SIGTERM (every Railway deploy) or SIGINT (Ctrl-C): stop accepting, let the
 * requests in flight finish, run the app's onClose hooks (replies, NATS, and last what
 * they still needed: the database), exit 0. app.close() is the one shutdown path: what a
 * process opened for its app is closed by the app's own hooks, never beside them.
 * A second signal while closing exits at once; a shutdown still running after
 * SHUTDOWN_DEADLINE_MS exits 1, before the platform's SIGKILL would.
 */
export function closeOnSignals(app: FastifyInstance, logger: Logger): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      exitWithReason(logger, 1, `second signal (${signal}) during shutdown; exiting now`);
    }
    closing = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    setTimeout(() => {
      exitWithReason(
        logger,
        1,
        `shutdown did not finish within ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting now`,
      );
    }, SHUTDOWN_DEADLINE_MS).unref();
    app.close().then(
      () => exitWithReason(logger, 0, `shut down cleanly (${signal})`),
      (error: unknown) => exitWithReason(logger, 1, 'shutdown failed', error),
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
