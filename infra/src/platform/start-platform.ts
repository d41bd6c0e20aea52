// npm start: the whole platform on one machine. The gateway listens on PORT (default 8080);
// each enabled bot's service gets a loopback port, and the gateway is told where it is.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  envSuffix,
  freePort,
  isNatsServerInstalled,
  migrateToLatest,
  type NatsServerProcess,
  pipeLines,
  stopChild,
} from '@psycheos/shared';
import { planBots } from './bot-plan';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { startLocalNats } from './local-nats';
import { prefixedWriter } from './prefixed-output';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const log = prefixedWriter('platform');

const envFile = resolve(repoRoot, process.env.PSYCHEOS_ENV_FILE ?? '.env');
// Variables already in the environment win over .env, as in every deployment dashboard.
if (existsSync(envFile)) process.loadEnvFile(envFile);
const env: Record<string, string | undefined> = { ...process.env };
const dataDir = resolve(repoRoot, env.PSYCHEOS_DATA_DIR ?? '.data');

const children = new Map<string, ChildProcess>();
let database: EmbeddedDatabase | undefined;
let nats: NatsServerProcess | undefined;
let stopping = false;

async function main() {
  if (!env.DATABASE_URL) {
    log(`no DATABASE_URL: starting embedded PostgreSQL (data in ${dataDir})`);
    database = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      log: onlyNotable(prefixedWriter('postgres')),
    });
    env.DATABASE_URL = database.url;
  }
  if (!env.NATS_URL) {
    if (isNatsServerInstalled()) {
      nats = await startLocalNats({
        dataDir,
        port: await freePort(),
        log: onlyNotable(prefixedWriter('nats')),
      });
      env.NATS_URL = nats.url;
      log(`no NATS_URL: started nats-server with JetStream at ${nats.url}`);
    } else {
      log('warning: no NATS_URL and no nats-server installed; cross-bot events wait in the outbox');
    }
  }

  const applied = await migrateToLatest(env.DATABASE_URL);
  log(`database ready (${applied.results?.length ?? 0} migrations applied now)`);

  const plan = planBots(env);
  for (const bot of plan) {
    const serviceUrlVar = `SERVICE_URL_${envSuffix(bot.botId)}`;
    if (!bot.enabled) {
      delete env[serviceUrlVar];
      log(`${bot.botId}: disabled (${bot.reason})`);
      continue;
    }
    const port = await freePort();
    env[serviceUrlVar] = `http://127.0.0.1:${port}`;
    startChild(bot.botId, `services/${bot.botId}/src/main.ts`, {
      PORT: String(port),
      HOST: '127.0.0.1',
    });
  }
  const gatewayPort = env.PORT ?? '8080';
  startChild('gateway', 'services/gateway/src/main.ts', { PORT: gatewayPort });
  const enabled = plan.filter((bot) => bot.enabled).map((bot) => bot.botId);
  log(
    `gateway on http://localhost:${gatewayPort} (health: /health); bots: ${enabled.join(', ') || 'none'}`,
  );
}

/** Postgres and nats-server chatter only matters when something is wrong (or DEBUG is on). */
function onlyNotable(write: (line: string) => void): (line: string) => void {
  if (env.DEBUG === 'true') return write;
  return (line) => {
    if (/ERROR|FATAL|PANIC|WARNING|\[(WRN|ERR|FTL)\]|ready to accept/.test(line)) write(line);
  };
}

function startChild(name: string, entry: string, extraEnv: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, entry)], {
    cwd: repoRoot,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  pipeLines(child, prefixedWriter(name));
  children.set(name, child);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    log(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the platform`);
    void shutdown(1);
  });
}

/** Gateway first (no new traffic), then the services finish what is in flight, then the stores. */
async function shutdown(exitCode: number) {
  if (stopping) return;
  stopping = true;
  log('stopping');
  const gateway = children.get('gateway');
  if (gateway) await stopChild(gateway);
  await Promise.all([...children.values()].map((child) => stopChild(child)));
  await nats?.stop();
  await database?.stop();
  log('stopped');
  process.exit(exitCode);
}

// embedded-postgres installs async-exit-hook, which on a signal stops Postgres first and
// exits with 130 while our services still drain. The launcher owns the order of shutdown.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal);
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

main().catch((error: unknown) => {
  log(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
