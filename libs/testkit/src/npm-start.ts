import { type ChildProcess, spawn } from 'node:child_process';
import { vi } from 'vitest';
import { REPO_ROOT } from './child-process';

export interface NpmStart {
  npm: ChildProcess;
  /** Every line printed, in order. */
  lines: string[];
  /** Resolves with the first line matching, once printed. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Every process the launcher said it started (services, PostgreSQL, nats-server). */
  pids(): number[];
  /** Ctrl-C in a terminal: SIGINT to the whole foreground process group. */
  pressCtrlC(): void;
  /** What a process manager does: SIGTERM to the process it started, npm. */
  terminateNpm(): void;
  exitCode: Promise<number | null>;
}

/**
 * `npm start` as a user runs it: npm itself, in a process group of its own as a terminal
 * gives a foreground job, so signals reach it the way they do from a terminal or a process
 * manager, not by signalling the launcher's node process directly.
 */
export function runNpmStart(env: Record<string, string>): NpmStart {
  const npm = spawn('npm', ['start'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) =>
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  npm.stdout?.on('data', collect);
  npm.stderr?.on('data', collect);
  const exitCode = new Promise<number | null>((resolve) => npm.once('exit', resolve));
  return {
    npm,
    lines,
    exitCode,
    async line(pattern, timeoutMs = 120_000) {
      return vi.waitFor(
        () => {
          const found = lines.find((line) => pattern.test(line));
          if (!found) throw new Error(`no line matching ${pattern} yet:\n${lines.join('\n')}`);
          return found;
        },
        { timeout: timeoutMs, interval: 50 },
      );
    },
    pids() {
      return lines.flatMap((line) => {
        const match = /^platform .*\(pid (\d+)\)/.exec(line);
        return match ? [Number(match[1])] : [];
      });
    },
    pressCtrlC: () => process.kill(-(npm.pid as number), 'SIGINT'),
    terminateNpm: () => process.kill(npm.pid as number, 'SIGTERM'),
  };
}

/** Whether any process is left in the process group `pid` led (each child is detached). */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** For a test that failed half-way: nothing it started may outlive it. */
export function killEverything(run: NpmStart): void {
  for (const pid of [...run.pids(), run.npm.pid as number]) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Every process group the platform started is gone. A group's last member (tsx's esbuild
 * helper, killed when its service exits) may take a moment to die on a busy machine after
 * npm has exited, so this waits for it, boundedly.
 */
export async function nothingLeftOf(run: NpmStart, timeoutMs = 5_000): Promise<void> {
  await vi.waitFor(
    () => {
      const alive = [...run.pids(), run.npm.pid as number].filter(groupAlive);
      if (alive.length > 0) throw new Error(`still running: process groups ${alive.join(', ')}`);
    },
    { timeout: timeoutMs, interval: 100 },
  );
}
