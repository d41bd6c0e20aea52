import type { FastifyInstance } from 'fastify';
import type { Logger } from '../observability/logger';

/**
 * On SIGTERM (every Railway deploy) or SIGINT (Ctrl-C): stop accepting, let the
 * requests in flight finish, run the app's onClose hooks (replies, NATS), then
 * `afterClose` (the database, which those hooks still need), exit 0.
 * A second signal while closing exits at once.
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
