import type { Logger } from '../observability/logger';

let reasonLogged = false;
/** How long a crashed process lives on for other listeners (the error reporter) to finish. */
const CRASH_EXIT_GRACE_MS = 2_000;

/**
 * Ends the process with one line that gives the reason first: `fatal` for a failure (code
 * not 0), `info` for a one-shot command that is done. Every exit of ours goes through here
 * (exitWithOneLine too), so an operator never finds a process gone without a word.
 */
export function exitWithReason(logger: Logger, code: number, reason: string, err?: unknown): never {
  reasonLogged = true;
  const fields = err === undefined ? { exit_code: code } : { exit_code: code, err };
  if (code === 0) logger.info(fields, reason);
  else logger.fatal(fields, reason);
  logger.flush();
  process.exit(code);
}

/**
 * Makes every exit of a long-running process say why, once:
 * - an error nothing caught (a connection's 'error' with no listener, a rejected promise no
 *   one awaited) is logged as `exiting: <its message>` at fatal, then the process exits 1,
 *   where Node would print a stack to stderr that a log store of JSON lines never shows;
 * - an exit that no code of ours announced (the event loop ran empty, a library called
 *   process.exit) is logged with its code from the process's 'exit' hook.
 * pino writes stdout synchronously, so a line written in the hook is not lost.
 */
export function logEveryExit(logger: Logger): void {
  let crashed = false;
  const crash = (kind: string) => (error: unknown) => {
    if (crashed) return;
    crashed = true;
    reasonLogged = true;
    const message = error instanceof Error ? error.message : String(error);
    logger.fatal({ exit_code: 1, err: error }, `exiting: ${message} (${kind})`);
    logger.flush();
    // Not at once: the error reporter's own listener (Sentry) gets the moment to send it.
    setTimeout(() => process.exit(1), CRASH_EXIT_GRACE_MS);
  };
  process.on('uncaughtException', crash('an uncaught exception'));
  process.on('unhandledRejection', crash('an unhandled promise rejection'));
  process.on('exit', (code) => {
    if (reasonLogged) return;
    reasonLogged = true;
    const line = { exit_code: code };
    if (code === 0) logger.info(line, 'exiting: nothing left to run');
    else logger.fatal(line, `exiting with code ${code}: no reason was given`);
  });
}
