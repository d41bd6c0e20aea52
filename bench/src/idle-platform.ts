import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface IdlePlatformOptions {
  /** After `ready`: start-up work (JIT, first polls, the playground's webhooks) settles. */
  settleSeconds: number;
  /** The measured window, with nothing sent to any bot. */
  windowSeconds: number;
  /** Extra environment for `npm start` (ANTHROPIC_API_KEY: the tools run their job workers). */
  env?: Record<string, string>;
}

export const IDLE_FULL: IdlePlatformOptions = { settleSeconds: 20, windowSeconds: 60 };
export const IDLE_SMOKE: IdlePlatformOptions = { settleSeconds: 2, windowSeconds: 5 };

export interface IdlePlatformResult {
  windowSeconds: number;
  /** CPU seconds each part used in the window, by part. */
  cpuSeconds: Record<string, number>;
  /** The same as a share of one core, %. */
  percentOfCore: Record<string, number>;
  totalPercentOfCore: number;
  /** Transactions PostgreSQL committed in the window (all databases): the platform's idle queries. */
  commits: number;
}

const TICKS_PER_SECOND = 100;

interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
}

function readProc(pid: number): ProcInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    return {
      pid,
      ppid: Number(fields[1]),
      comm,
      ticks: Number(fields[11]) + Number(fields[12]),
    };
  } catch {
    return null;
  }
}

const allProcs = () =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter((info): info is ProcInfo => info !== null);

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};

/**
 * The platform at rest: `npm start` as a developer runs it (no bot token, so the playground
 * and every bot against its local Bot API; embedded PostgreSQL; nats-server), left alone
 * after `ready`, and the CPU every process of it used over the window, from /proc, named:
 * each service; the launcher; nats-server; PostgreSQL's backends by the client that holds
 * them (application_name: a service's pool, its reply sender, its job runner) and its own
 * server processes. Processes started by a service (tsx's esbuild) count as that service.
 */
export async function measureIdlePlatform(
  repoRoot: string,
  options: IdlePlatformOptions,
): Promise<IdlePlatformResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'psycheos-bench-idle-'));
  const port = await freePort();
  const launcher = spawn(
    process.execPath,
    ['--import', 'tsx', 'infra/src/platform/start-platform.ts'],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/root',
        PORT: String(port),
        PSYCHEOS_DATA_DIR: dataDir,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const lines = watchLines(launcher, output);
  try {
    await lines.until(/\bready: gateway/, 180_000);
    const postgresPid = Number(/PostgreSQL ready at .* \(pid (\d+)\)/.exec(output.join('\n'))?.[1]);
    const databaseUrl = /PostgreSQL ready at (\S+)/.exec(output.join('\n'))?.[1] ?? '';
    const password = readFileSync(join(dataDir, 'postgres.password'), 'utf8').trim();
    const url = new URL(databaseUrl.replace(':****@', `:${encodeURIComponent(password)}@`));
    const client = new pg.Client({ connectionString: url.toString(), application_name: 'bench' });
    await client.connect();
    try {
      await sleep(options.settleSeconds * 1000);
      const names = new Map<number, string>();
      const nameBackends = async () => {
        const { rows } = await client.query<{ pid: number; name: string }>(
          `select pid, coalesce(nullif(application_name, ''), backend_type) as name
           from pg_stat_activity`,
        );
        for (const row of rows) names.set(row.pid, row.name);
      };
      const commits = async () =>
        Number(
          (await client.query<{ n: string }>('select sum(xact_commit) as n from pg_stat_database'))
            .rows[0]?.n ?? 0,
        );
      await nameBackends();
      const commitsBefore = await commits();
      const first = new Map<number, number>();
      const last = new Map<number, ProcInfo>();
      const tree = () => descendantsOf(new Set([launcher.pid ?? 0, postgresPid]));
      for (const info of tree()) first.set(info.pid, info.ticks);
      const deadline = Date.now() + options.windowSeconds * 1000;
      while (Date.now() < deadline) {
        for (const info of tree()) last.set(info.pid, info);
        await sleep(Math.min(1000, Math.max(0, deadline - Date.now())));
      }
      for (const info of tree()) last.set(info.pid, info);
      // The bench's own queries are a few in the window; its backend is left out.
      await nameBackends();
      const commitsAfter = await commits();
      const byPart: Record<string, number> = {};
      const partOf = partNamer(launcher.pid ?? 0, postgresPid, names, last);
      for (const [pid, info] of last) {
        const part = partOf(pid);
        if (part === 'bench') continue;
        const ticks = info.ticks - (first.get(pid) ?? 0);
        byPart[part] = (byPart[part] ?? 0) + ticks / TICKS_PER_SECOND;
      }
      const sorted = Object.fromEntries(Object.entries(byPart).sort(([, a], [, b]) => b - a));
      const percent = Object.fromEntries(
        Object.entries(sorted).map(([part, seconds]) => [
          part,
          (100 * seconds) / options.windowSeconds,
        ]),
      );
      return {
        windowSeconds: options.windowSeconds,
        cpuSeconds: sorted,
        percentOfCore: percent,
        totalPercentOfCore: Object.values(percent).reduce((sum, value) => sum + value, 0),
        // Less the bench's own two statements.
        commits: commitsAfter - commitsBefore - 2,
      };
    } finally {
      await client.end();
    }
  } finally {
    launcher.kill('SIGTERM');
    await new Promise((resolve) => launcher.once('exit', resolve));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Every process under the roots (the roots included), from /proc. */
function descendantsOf(roots: Set<number>): ProcInfo[] {
  const procs = allProcs();
  const children = new Map<number, ProcInfo[]>();
  for (const info of procs) children.set(info.ppid, [...(children.get(info.ppid) ?? []), info]);
  const found: ProcInfo[] = [];
  const queue = procs.filter((info) => roots.has(info.pid));
  while (queue.length > 0) {
    const info = queue.shift() as ProcInfo;
    found.push(info);
    queue.push(...(children.get(info.pid) ?? []));
  }
  return found;
}

/** Names a process of the platform: the service it runs, or the part of PostgreSQL it is. */
function partNamer(
  launcherPid: number,
  postgresPid: number,
  backendNames: Map<number, string>,
  procs: Map<number, ProcInfo>,
): (pid: number) => string {
  const own = (pid: number): string | null => {
    if (pid === launcherPid) return 'launcher (npm start)';
    const info = procs.get(pid);
    if (!info) return null;
    if (info.comm === 'postgres') {
      if (pid === postgresPid) return 'postgres: server processes';
      const name = backendNames.get(pid) ?? 'server processes';
      if (name === 'bench') return 'bench';
      if (name.startsWith('psycheos-')) return `postgres ← ${name}`;
      if (name === 'client backend') return 'postgres ← other clients';
      return `postgres: ${name.replace(/^autovacuum.*/, 'autovacuum')}`;
    }
    if (info.comm === 'nats-server') return 'nats-server';
    const service = /services\/([\w-]+)\/(src|dist)\/main/.exec(cmdline(pid))?.[1];
    return service ?? null;
  };
  return (pid) => {
    let current: number | undefined = pid;
    while (current && current !== 1) {
      const name = own(current);
      if (name) return name;
      current = procs.get(current)?.ppid ?? readProc(current)?.ppid;
    }
    return procs.get(pid)?.comm ?? 'other';
  };
}

function watchLines(child: ChildProcess, output: string[]) {
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onChunk = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      output.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    }
  };
  child.stdout?.on('data', onChunk);
  child.stderr?.on('data', onChunk);
  return {
    until(pattern: RegExp, timeoutMs: number): Promise<void> {
      if (output.some((line) => pattern.test(line))) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`npm start did not print ${pattern}:\n${output.join('\n')}`)),
          timeoutMs,
        );
        child.once('exit', (code) =>
          reject(new Error(`npm start exited with ${code}:\n${output.join('\n')}`)),
        );
        waiters.push({
          pattern,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
