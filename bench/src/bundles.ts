import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOT_IDS, type BotId, envSuffix, freePort } from '@psycheos/platform';
import { REPO_ROOT, type RunningProcess, startServiceProcess } from '@psycheos/testkit';
import { DEPLOYED_NODE_OPTIONS } from './setups';

/** Every deployable service, in the order they are started: the bots, the dashboard, the gateway last. */
export const SERVICES = [...BOT_IDS, 'webapp', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

const TOKENS: Record<BotId, string> = {
  pro: '6000001:BENCH-pro',
  screen: '6000002:BENCH-screen',
  interpretator: '6000003:BENCH-interpretator',
  conceptualizator: '6000004:BENCH-conceptualizator',
  simulator: '6000005:BENCH-simulator',
};
/** Each bot's own webhook secret (the gateway refuses one shared by two). */
export const secretOf = (botId: BotId) => `bench-${botId}-secret-0123456789abcdef0123`;

export interface BundleEnv {
  databaseUrl: string;
  telegramApiRoot: string;
  /** The fake model: with a key the AI tools run their job workers, as deployed. */
  anthropicUrl?: string;
  natsUrl?: string;
  /** Extra variables for every service (pool sizes, the outgoing throttle). */
  extra?: Record<string, string>;
}

export interface StartedService {
  name: ServiceName;
  url: string;
  process: RunningProcess;
  /** From spawning node to the first 200 from /health. */
  coldStartMs: number;
}

/** dist/main.js and its map, in bytes. */
export function bundleSize(name: ServiceName): { main: number; map: number } {
  const dist = join(REPO_ROOT, 'services', name, 'dist');
  const size = (file: string) => {
    try {
      return statSync(join(dist, file)).size;
    } catch {
      return Number.NaN;
    }
  };
  return { main: size('main.js'), map: size('main.js.map') };
}

/** What one service is told: a bot its token and secret, the gateway where the others are. */
function envFor(
  name: ServiceName,
  env: BundleEnv,
  running: ReadonlyMap<ServiceName, StartedService>,
): Record<string, string> {
  const common: Record<string, string> = {
    DATABASE_URL: env.databaseUrl,
    TELEGRAM_API_ROOT: env.telegramApiRoot,
    ...(env.natsUrl && { NATS_URL: env.natsUrl }),
    ...(env.anthropicUrl && {
      ANTHROPIC_API_KEY: 'sk-ant-bench',
      ANTHROPIC_BASE_URL: env.anthropicUrl,
    }),
    LOG_LEVEL: 'warn',
    ...env.extra,
  };
  if (name === 'webapp') return { ...common, TG_TOKEN_PRO: TOKENS.pro };
  if (name === 'gateway') {
    const routes: Record<string, string> = {};
    for (const botId of BOT_IDS) {
      const service = running.get(botId);
      if (!service) continue;
      routes[`SERVICE_URL_${envSuffix(botId)}`] = service.url;
      routes[`TG_WEBHOOK_SECRET_${envSuffix(botId)}`] = secretOf(botId);
    }
    const webapp = running.get('webapp');
    return { LOG_LEVEL: 'warn', ...routes, ...(webapp && { SERVICE_URL_WEBAPP: webapp.url }) };
  }
  return {
    ...common,
    [`TG_TOKEN_${envSuffix(name)}`]: TOKENS[name],
    [`TG_WEBHOOK_SECRET_${envSuffix(name)}`]: secretOf(name),
  };
}

/**
 * Starts one service's bundle as its image runs it (plain node, the image's heap cap) on a
 * free loopback port and times it from spawn to the first 200 from its /health, polled
 * every 10 ms.
 */
export async function startBundle(
  name: ServiceName,
  env: BundleEnv,
  running: ReadonlyMap<ServiceName, StartedService>,
): Promise<StartedService> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const process_ = await startServiceProcess({
    entry: join('services', name, 'dist/main.js'),
    built: true,
    env: {
      NODE_OPTIONS: DEPLOYED_NODE_OPTIONS,
      ...envFor(name, env, running),
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    healthUrl: `${url}/health`,
    isReady: (status) => status === 200,
    pollMs: 10,
    timeoutMs: 30_000,
  });
  return { name, url, process: process_, coldStartMs: performance.now() - started };
}

/** Starts the given services one after another (the gateway last, routing to those before it). */
export async function startBundles(
  names: readonly ServiceName[],
  env: BundleEnv,
): Promise<{ services: Map<ServiceName, StartedService>; stop(): Promise<void> }> {
  const services = new Map<ServiceName, StartedService>();
  const stop = async () => {
    for (const service of [...services.values()].reverse()) await service.process.stop();
  };
  try {
    for (const name of SERVICES.filter((service) => names.includes(service))) {
      services.set(name, await startBundle(name, env, services));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { services, stop };
}

/** Resident memory now, in MB (0 when the process is gone). */
export function rssMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid ?? 0}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * A nats-server with JetStream of the bench's own (its streams in a temporary folder), so
 * the services' streams never meet those of a NATS that tests share on this machine.
 */
export async function startOwnNats(): Promise<{
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}> {
  const storeDir = await mkdtemp(join(tmpdir(), 'psycheos-bench-nats-'));
  const port = await freePort();
  const child = spawn(
    'nats-server',
    ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error('nats-server did not start (the bench needs it on the PATH)');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
