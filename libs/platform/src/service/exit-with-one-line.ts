import { ConfigError } from '../config/config-error';
import type { Logger } from '../observability/logger';
import { exitWithReason } from './exit-reason';

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
  if (error instanceof ConfigError) exitWithReason(logger, 1, error.message);
  if (error instanceof StartupError) {
    const reason = error.cause instanceof Error ? error.cause.message : String(error.cause);
    exitWithReason(logger, 1, `${error.message}: ${reason}`);
  }
  exitWithReason(logger, 1, 'failed to start', error);
}
