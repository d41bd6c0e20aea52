import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export { freePort } from '@psycheos/platform';

export interface RunningProcess {
  child: ChildProcess;
  /** Every line the process wrote to stdout and stderr. */
  output: string[];
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/**
 * Runs a service's src/main.ts as a real process (through tsx, as `npm run dev` does)
 * and waits until its /health answers, or rejects with what it printed.
 */
export async function startServiceProcess(options: {
  entry: string;
  env: Record<string, string>;
  /** Arguments after the entry, such as --migrate. */
  args?: string[];
  /** Runs a built bundle with plain node instead of the TypeScript source through tsx. */
  built?: boolean;
  /** Flags for node itself, such as --cpu-prof. */
  nodeArgs?: string[];
  healthUrl?: string;
  /** Which /health status counts as ready: any below 500 unless told (the bench wants 200). */
  isReady?: (status: number) => boolean;
  /** How often /health is asked (100 ms; the bench's cold start asks every 10 ms). */
  pollMs?: number;
  timeoutMs?: number;
}): Promise<RunningProcess> {
  const args = [
    ...(options.nodeArgs ?? []),
    ...(options.built ? [options.entry] : ['--import', 'tsx', options.entry]),
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) =>
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const running: RunningProcess = {
    child,
    output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
  if (!options.healthUrl) return running;

  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${options.entry} exited with ${child.exitCode}:\n${output.join('\n')}`);
    }
    try {
      const response = await fetch(options.healthUrl);
      await response.arrayBuffer();
      if ((options.isReady ?? ((status) => status < 500))(response.status)) return running;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
  }
  await running.stop('SIGKILL');
  throw new Error(`${options.entry} did not become healthy:\n${output.join('\n')}`);
}
