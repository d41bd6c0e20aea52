import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { pipeLines } from './prefixed-output';

export interface LocalNats {
  url: string;
  stop(): Promise<void>;
}

export const isNatsServerInstalled = () =>
  spawnSync('nats-server', ['--version'], { stdio: 'ignore' }).status === 0;

/** nats-server with JetStream on loopback, its stream data under `dataDir`. */
export async function startLocalNats(options: {
  dataDir: string;
  port: number;
  log: (line: string) => void;
}): Promise<LocalNats> {
  const storeDir = join(options.dataDir, 'nats');
  await mkdir(storeDir, { recursive: true });
  const child = spawn(
    'nats-server',
    ['-js', '-a', '127.0.0.1', '-p', String(options.port), '-sd', storeDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  pipeLines(child, options.log);
  await waitForPort(options.port, child);
  return {
    url: `nats://127.0.0.1:${options.port}`,
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
