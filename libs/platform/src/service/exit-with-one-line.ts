import { ConfigError } from '../config/config-error';
import type { Logger } from '../observability/logger';
import { markExitReasonLogged } from './exit-reason';

/** A start-up step that failed for a reason outside the code: the one line names the step. */
export class StartupError extends Error {
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

/**
 * Ends a process that cannot start with one line an operator can act on: the config problem,
 * or the step and its reason; anything else is logged with its stack as "failed to start".
 */
export function exitWithOneLine(logger: Logger, error: unknown): never {
  if (error instanceof ConfigError) {
    logger.fatal(error.message);
  } else if (error instanceof StartupError) {
    const reason = error.cause instanceof Error ? error.cause.message : String(error.cause);
    logger.fatal(`${error.message}: ${reason}`);
  } else {
    logger.fatal({ err: error }, 'failed to start');
  }
  markExitReasonLogged();
  logger.flush();
  process.exit(1);
}
