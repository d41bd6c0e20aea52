import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { pipeLines } from '@psycheos/platform';

export interface NatsServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** How to get nats-server, for every message that finds it missing. */
export const INSTALL_NATS =
  'install nats-server (Debian/Ubuntu: apt-get install nats-server; macOS: brew install nats-server; or a release from https://github.com/nats-io/nats-server/releases on the PATH)';

export const isNatsServerInstalled = () =>
  spawnSync('nats-server', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * A local nats-server with JetStream on loopback, its data in `storeDir`: what `npm start`
 * runs when NATS_URL is unset, and what fault tests stop and start.
 */
export async function startNatsServerProcess(options: {
  port: number;
  storeDir: string;
  log?: (line: string) => void;
  /** In a process group of its own, so a terminal's Ctrl-C leaves it to its owner to stop. */
  detached?: boolean;
  /** More nats-server flags, such as --user and --pass. */
  args?: string[];
}): Promise<NatsServerProcess> {
  await mkdir(options.storeDir, { recursive: true });
  const child = spawn(
    'nats-server',
    [
      '-js',
      '-a',
      '127.0.0.1',
      '-p',
      String(options.port),
      '-sd',
      options.storeDir,
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false },
  );
  pipeLines(child, (line) => options.log?.(line));
  const failedToRun = new Promise<never>((_, reject) =>
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`cannot run nats-server (${error.code ?? error.message}); ${INSTALL_NATS}`)),
    ),
  );
  failedToRun.catch(() => {});
  await Promise.race([waitForPort(options.port, child), failedToRun]);
  return {
    url: `nats://127.0.0.1:${options.port}`,
    child,
    stop: () => stopChild(child),
  };
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nats-server did not open port ${port} within ${timeoutMs} ms`);
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the process is gone. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
