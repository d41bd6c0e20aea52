import type { ChildProcess } from 'node:child_process';
import { stopChild } from '@psycheos/local-nats';
import { DEFAULT_RESTART_POLICY, decideRestart, type RestartPolicy } from './restart-policy';

export type SupervisedState = 'running' | 'restarting' | 'given-up' | 'stopped';

export interface Supervised {
  readonly name: string;
  state(): SupervisedState;
  /** The current process's id; undefined while it waits to be started again. */
  pid(): number | undefined;
  /** Stops it for good (SIGTERM, then SIGKILL after the grace period); no restart follows. */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  name: string;
  /** Starts the process; called again for every restart. */
  start: () => ChildProcess;
  log: (line: string) => void;
  policy?: RestartPolicy;
  /** Monotonic milliseconds, for the crash history. */
  now?: () => number;
  /** How long a process may take to finish its work after SIGTERM. */
  stopGraceMs?: number;
  onGiveUp?: () => void;
}

/**
 * Keeps one process running: when it exits on its own it is started again after the
 * policy's delay, and after too many crashes in a short time it is given up on with one
 * line, while whatever else runs beside it carries on. This is why each bot is its own
 * process: one bot's crash must not take the others down.
 */
export function supervise(options: SuperviseOptions): Supervised {
  const policy = options.policy ?? DEFAULT_RESTART_POLICY;
  const now = options.now ?? (() => performance.now());
  const crashes: number[] = [];
  let child: ChildProcess | undefined;
  let state: SupervisedState = 'running';
  let restartTimer: NodeJS.Timeout | undefined;
  let outputClosed: Promise<void> = Promise.resolve();

  const launch = () => {
    restartTimer = undefined;
    state = 'running';
    const current = options.start();
    child = current;
    // A program that cannot be run at all (EACCES, ENOENT) is a crash like any other.
    current.once('error', (error) => onExit(current, `${error.message}`));
    current.once('exit', (code, signal) => onExit(current, signal ?? `code ${code}`));
    // Its last lines are read once its output closes, which can come after its exit.
    outputClosed = new Promise((resolve) => current.once('close', () => resolve()));
    if (current.pid !== undefined) options.log(`${options.name} started (pid ${current.pid})`);
  };

  const onExit = (exited: ChildProcess, reason: string) => {
    if (exited !== child || state !== 'running') return;
    child = undefined;
    crashes.push(now());
    const decision = decideRestart(crashes, policy);
    if (decision.action === 'give-up') {
      state = 'given-up';
      options.log(
        `${options.name} exited (${reason}) and has crashed ${decision.crashes} times within ${decision.windowMs / 1000} s: giving up on it, the rest keeps running; fix what its last lines say, then restart npm start`,
      );
      options.onGiveUp?.();
      return;
    }
    state = 'restarting';
    options.log(
      `${options.name} exited (${reason}); starting it again in ${decision.delayMs / 1000} s`,
    );
    restartTimer = setTimeout(launch, decision.delayMs);
  };

  launch();
  return {
    name: options.name,
    state: () => state,
    pid: () => child?.pid,
    async stop() {
      if (restartTimer) clearTimeout(restartTimer);
      state = 'stopped';
      if (child) await stopChild(child, options.stopGraceMs);
      child = undefined;
      // So that what it printed while stopping comes before what its owner logs next.
      await Promise.race([outputClosed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    },
  };
}
