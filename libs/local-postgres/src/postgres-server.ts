import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { OWN_DATABASE, PostgresStartError } from './postgres-start-error';
import type { ServerAccount } from './server-account';

export interface ServerProcess {
  pid: number;
  /** Fast shutdown (sessions are ended, the cluster is left consistent); resolves once it is gone. */
  stop(): Promise<void>;
}

const READY = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 30_000;

/**
 * Runs `program` as the server account (or as us), in a process group of its own: a
 * terminal's Ctrl-C reaches the whole foreground group at once, and PostgreSQL must keep
 * serving until the services have drained, so only its owner stops it. Every line it
 * prints goes to `log`; a failure is one line made of its first complaints.
 */
export function runAs(
  account: ServerAccount | null,
  program: string,
  args: string[],
  options: { cwd: string; log: (line: string) => void; detached?: boolean },
): { child: ChildProcess; complaints: () => string | undefined } {
  const child = spawn(program, args, {
    cwd: options.cwd,
    detached: options.detached ?? false,
    stdio: ['ignore', 'pipe', 'pipe'],
    // English messages whatever the machine's locale, so "ready" can be recognised.
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
    ...(account && { uid: account.uid, gid: account.gid }),
  });
  // The first few complaints, in order: the cause comes before the FATAL that follows from it.
  const complaints: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      if (NOTABLE.test(line) && complaints.length < 3) complaints.push(line.replace(PREFIX, ''));
      options.log(line);
    });
  }
  return {
    child,
    complaints: () => (complaints.length > 0 ? complaints.join('; ') : undefined),
  };
}

const NOTABLE = /\b(FATAL|PANIC|ERROR|HINT):|error:|could not/;
/** The timestamp, pid and level in front of a server line, or "initdb: error:". */
const PREFIX = /^.*?\b(LOG|WARNING|FATAL|PANIC|ERROR|HINT|DETAIL|error):\s+/;

/** Starts the server on loopback only (no Unix socket) and resolves once it accepts connections. */
export function startServer(options: {
  account: ServerAccount | null;
  postgres: string;
  clusterDir: string;
  port: number;
  log: (line: string) => void;
  settings: Record<string, string>;
}): Promise<ServerProcess> {
  let onReady = () => {};
  const { child, complaints } = runAs(
    options.account,
    options.postgres,
    [
      '-D',
      options.clusterDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...Object.entries(options.settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    {
      cwd: options.clusterDir,
      detached: true,
      log: (line) => {
        options.log(line);
        if (line.includes(READY)) onReady();
      },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: ServerProcess = {
    pid: child.pid ?? 0,
    async stop() {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      const force = setTimeout(() => child.kill('SIGQUIT'), STOP_GRACE_MS);
      child.kill('SIGINT');
      await exited;
      clearTimeout(force);
    },
  };
  return new Promise((resolve, reject) => {
    const settle = () => {
      clearTimeout(timer);
      child.off('error', onError);
      child.off('close', onExit);
    };
    const fail = (problem: string) => {
      settle();
      void server.stop();
      reject(new PostgresStartError(problem, `see the postgres lines above, ${OWN_DATABASE}`));
    };
    const onError = (error: NodeJS.ErrnoException) =>
      fail(`cannot run ${options.postgres} (${error.code ?? error.message})`);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`PostgreSQL stopped during start (${complaints() ?? signal ?? `code ${code}`})`);
    const timer = setTimeout(
      () => fail(`PostgreSQL did not get ready within ${START_TIMEOUT_MS / 1000} s`),
      START_TIMEOUT_MS,
    );
    child.once('error', onError);
    child.once('close', onExit);
    onReady = () => {
      settle();
      resolve(server);
    };
  });
}
