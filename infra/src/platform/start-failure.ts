import { PostgresStartError } from '@psycheos/local-postgres';
import { ConfigError } from '@psycheos/platform';

/** A start step that failed, in one line ending with what to do about it. */
export class StartFailure extends Error {
  constructor(problem: string, remedy: string) {
    super(`${problem}: ${remedy}`);
    this.name = 'StartFailure';
  }
}

/**
 * The one line `npm start` prints when it cannot start. Failures we foresaw carry their
 * remedy; anything else is reported by its message, with the way to see more.
 */
export function describeStartFailure(error: unknown, debug: boolean): string {
  if (
    error instanceof StartFailure ||
    error instanceof PostgresStartError ||
    error instanceof ConfigError
  ) {
    return error.message;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (debug && error instanceof Error && error.stack) return error.stack;
  return `${message.split('\n')[0]} (DEBUG=true npm start shows where it came from)`;
}
