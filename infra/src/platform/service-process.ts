import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pipeLines } from '@psycheos/platform';

/**
 * One service's main.ts run through tsx, its output prefixed with its name. Detached: in a
 * process group of its own, so a terminal's Ctrl-C (sent to the whole foreground group)
 * reaches only the launcher, which stops the gateway before the services and those before
 * NATS and PostgreSQL. Otherwise all would get it at once and a service would lose its
 * database in the middle of draining.
 */
export function spawnService(options: {
  repoRoot: string;
  entry: string;
  env: Record<string, string | undefined>;
  log: (line: string) => void;
}): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(options.repoRoot, options.entry)],
    {
      cwd: options.repoRoot,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  pipeLines(child, options.log);
  // What it leaves behind in its group (tsx's esbuild helper, when it was killed) goes with it.
  child.once('exit', () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // nothing was left
    }
  });
  return child;
}
