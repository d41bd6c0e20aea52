import { spawn } from 'node:child_process';
import { REPO_ROOT } from '@psycheos/testkit';

/**
 * `npm run <script> -- <args>` as an operator runs it from the repository: its only inputs are
 * the .env file named and `env` (nothing of this shell's environment but PATH and HOME).
 * Resolves with its exit code and every line it printed, stdout and stderr together.
 */
export function runOperatorCommand(
  script: string,
  args: readonly string[],
  env: { PSYCHEOS_ENV_FILE: string } & Record<string, string>,
): Promise<{ code: number | null; lines: string[] }> {
  const child = spawn(
    'npm',
    ['run', '--silent', script, ...(args.length > 0 ? ['--', ...args] : [])],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const collect = (chunk: Buffer) =>
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, lines })));
}
