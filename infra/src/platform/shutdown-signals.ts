/**
 * Calls `stop` on the first SIGINT or SIGTERM. Repeats are expected, not a request to hurry:
 * on Ctrl-C the terminal signals npm and us together and npm forwards its copy to us too.
 * Only adds listeners, never removes others': under `tsx <file>` tsx's own listener tells
 * its parent process that we got the signal, and without it tsx kills us with SIGKILL.
 */
export function onShutdownSignal(stop: (signal: NodeJS.Signals) => void): void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) return;
    received = true;
    stop(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
