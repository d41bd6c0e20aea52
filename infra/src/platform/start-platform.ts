// npm start: the whole platform on one machine. The gateway listens on PORT (default 8080);
// each enabled bot's service gets a loopback port (each of its replicas one, with
// PSYCHEOS_REPLICAS), and the gateway is told where they are. Every process is supervised:
// one that dies is started again, and the rest keep serving.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { envSuffix, freePort, logLevelOf } from '@psycheos/platform';
import { loadDotEnv } from '../dot-env';
import { planBots } from './bot-plan';
import {
  assertPortFree,
  type LocalStore,
  maskPassword,
  migrate,
  startDatabase,
  startNats,
} from './local-stores';
import { decidePlayground, playgroundEnvironment } from './playground-plan';
import { prefixedWriter } from './prefixed-output';
import { checkConfiguration } from './preflight';
import { waitUntilReady } from './readiness';
import { parseReplicaCounts, replicaNames } from './replica-plan';
import { removeRunningStores, writeRunningStores } from './running-stores';
import { spawnService } from './service-process';
import { onShutdownSignal } from './shutdown-signals';
import { describeStartFailure } from './start-failure';
import { type Supervised, supervise } from './supervisor';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const log = prefixedWriter('platform');
const env = readEnv();
const debug = ['debug', 'trace'].includes(logLevelOf(env));
const dataDir = resolve(repoRoot, env.PSYCHEOS_DATA_DIR ?? '.data');

const services = new Map<string, Supervised>();
/** Each enabled bot's supervised copies by name: `pro`, or `pro#1`, `pro#2`, ... */
const replicasOf = new Map<string, string[]>();
const stores: LocalStore[] = [];
let stopping = false;
let started = false;

async function main() {
  const gatewayPort = Number(env.PORT ?? 8080);
  const playground = decidePlayground(env);
  const playgroundOwnEnv = playground.isOn ? await usePlayground(gatewayPort) : undefined;
  const plan = planBots(env);
  const replicaCounts = parseReplicaCounts(env.PSYCHEOS_REPLICAS);
  checkConfiguration(
    env,
    plan.filter((bot) => bot.enabled).map((bot) => bot.botId),
  );
  await assertPortFree(gatewayPort);
  if (!env.DATABASE_URL) {
    log(`no DATABASE_URL: starting embedded PostgreSQL (data in ${dataDir})`);
    const database = await startDatabase({
      dataDir,
      log: onlyNotable(prefixedWriter('postgres'), CLIENT_STATEMENT_ERROR),
      note: log,
    });
    stores.push(database);
    env.DATABASE_URL = database.url;
    log(`PostgreSQL ready at ${maskPassword(database.url)} (pid ${database.pid})`);
    const passwordFile = resolve(dataDir, 'postgres.password');
    const { host } = new URL(database.url);
    log(`reach it with: psql "postgresql://postgres:$(cat ${passwordFile})@${host}/postgres"`);
  }
  if (!env.NATS_URL && !stopping) {
    const nats = await startNats({ dataDir, log: onlyNotable(prefixedWriter('nats')), warn: log });
    if (nats) {
      stores.push(nats);
      env.NATS_URL = nats.url;
      log(`no NATS_URL: started nats-server with JetStream at ${nats.url} (pid ${nats.pid})`);
    }
  }
  if (stopping) return;
  // For the operator's commands run beside it (npm run parked-events): where the stores are.
  if (stores.length > 0) {
    writeRunningStores(dataDir, { databaseUrl: env.DATABASE_URL, natsUrl: env.NATS_URL });
  }
  const applied = await migrate(env.DATABASE_URL, stores.length > 0);
  log(`database ready (${applied} migrations applied now)`);
  if (stopping) return;

  // The local Bot API first: every bot asks it getMe as it starts.
  if (playgroundOwnEnv) run('playground', 'services/playground/src/main.ts', playgroundOwnEnv);

  // Each bot service's /metrics, announced once ready: its port is chosen anew at each start.
  const metricsUrls: string[] = [];
  for (const bot of plan) {
    const serviceUrlVar = `SERVICE_URL_${envSuffix(bot.botId)}`;
    if (!bot.enabled) {
      delete env[serviceUrlVar];
      log(`${bot.botId}: disabled (${bot.reason})`);
      continue;
    }
    // One port per copy for its whole life: the gateway keeps forwarding there across restarts.
    const names = replicaNames(bot.botId, replicaCounts.get(bot.botId) ?? 1);
    const ports: number[] = [];
    for (const name of names) {
      const port = await freePort();
      ports.push(port);
      run(name, `services/${bot.botId}/src/main.ts`, { PORT: String(port), HOST: '127.0.0.1' });
    }
    replicasOf.set(bot.botId, names);
    names.forEach((name, index) => {
      metricsUrls.push(`${name} http://127.0.0.1:${ports[index]}/metrics`);
    });
    env[serviceUrlVar] = ports.map((port) => `http://127.0.0.1:${port}`).join(',');
    if (names.length > 1) {
      log(`${bot.botId}: ${names.length} replicas, on ports ${ports.join(', ')}`);
    }
  }
  // The dashboard opens from pro and checks its visitors against pro's token: it runs with pro.
  if (plan.some((bot) => bot.botId === 'pro' && bot.enabled)) {
    buildDashboardPageOnce();
    const port = await freePort();
    env.SERVICE_URL_WEBAPP = `http://127.0.0.1:${port}`;
    run('webapp', 'services/webapp/src/main.ts', { PORT: String(port), HOST: '127.0.0.1' });
    log(
      `dashboard: http://localhost:${gatewayPort}/app (a Mini App: open it from pro, see README)`,
    );
  } else {
    delete env.SERVICE_URL_WEBAPP;
  }
  if (!playgroundOwnEnv) delete env.SERVICE_URL_PLAYGROUND;
  run('gateway', 'services/gateway/src/main.ts', { PORT: String(gatewayPort) });
  const enabled = plan.filter((bot) => bot.enabled).map((bot) => bot.botId);
  log(
    `starting: gateway on http://localhost:${gatewayPort}, bots: ${enabled.join(', ') || 'none'}`,
  );

  const ready = await waitUntilReady({
    healthUrl: `http://127.0.0.1:${gatewayPort}/health`,
    // A bot with a copy given up on is not waited for: that copy may never answer.
    awaited: () =>
      enabled.filter((bot) =>
        (replicasOf.get(bot) ?? []).every((name) => services.get(name)?.state() !== 'given-up'),
      ),
    cancelled: () => stopping,
  });
  if (!ready) return;
  started = true;
  const serving = enabled.filter((bot) => ['up', 'degraded'].includes(ready[bot] ?? ''));
  log(
    `ready: gateway on http://localhost:${gatewayPort} (health: /health, paging: /health/page); bots: ${serving.join(', ') || 'none'}`,
  );
  if (metricsUrls.length > 0) log(`metrics: ${metricsUrls.join(', ')}`);
  if (playgroundOwnEnv) log(`playground: http://localhost:${gatewayPort}/playground`);
  else if (!playground.isOn && playground.reason === 'production' && enabled.length === 0) {
    log('no bot token and NODE_ENV=production: no playground either (it never runs in production)');
  }
}

/**
 * With no Telegram token, every bot talks to the local Bot API of the playground
 * (services/playground): the launcher fills in what the bots need to find it, and returns
 * what the playground itself is told.
 */
async function usePlayground(gatewayPort: number): Promise<Record<string, string>> {
  const ports = { gateway: gatewayPort, botApi: await freePort(), playground: await freePort() };
  const { bots, playground } = playgroundEnvironment(env, ports);
  Object.assign(env, bots);
  return { ...playground, PLAYGROUND_DATA_DIR: resolve(dataDir, 'playground') };
}

/** The dashboard's page is built once (a few seconds), then served from services/webapp/dist/web. */
function buildDashboardPageOnce() {
  if (existsSync(resolve(repoRoot, 'services/webapp/dist/web/index.html'))) return;
  log('building the dashboard page (first start only)');
  execFileSync(
    'npx',
    ['vite', 'build', '--config', 'services/webapp/web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
}

function run(name: string, entry: string, extraEnv: Record<string, string>) {
  const output = prefixedWriter(name);
  const supervised = supervise({
    name,
    start: () => spawnService({ repoRoot, entry, env: { ...env, ...extraEnv }, log: output }),
    log,
    stopGraceMs: 15_000,
    // Without the gateway nothing reaches the bots: a platform that cannot serve stops.
    onGiveUp: name === 'gateway' ? () => void shutdown(1, 'the gateway gave up') : undefined,
  });
  services.set(name, supervised);
}

/**
 * Gateway first (no new traffic), then the services finish what is in flight, then the
 * stores. A start still under way is let finish its current step first (each step looks at
 * `stopping` before the next), so a PostgreSQL that was just starting is stopped too.
 */
async function shutdown(exitCode: number, why: string) {
  if (stopping) return;
  stopping = true;
  await Promise.race([startup.catch(() => {}), sleep(START_STEP_LIMIT_MS)]);
  const gateway = services.get('gateway');
  // A start refused before anything ran has said why in its `failed to start` line.
  if (services.size > 0 || stores.length > 0) log(`stopping (${why})`);
  if (gateway) log('stopping: the gateway first');
  await gateway?.stop();
  const bots = [...services.values()].filter((service) => service.name !== 'gateway');
  if (bots.length > 0) log('stopping the bot services (they finish the updates in flight)');
  await Promise.all(bots.map((service) => service.stop()));
  if (stores.length > 0) log('stopping NATS and PostgreSQL');
  removeRunningStores(dataDir);
  for (const store of stores.reverse()) await store.stop().catch(() => undefined);
  log('stopped');
  process.exit(exitCode);
}

/** The environment with .env; variables already set win, as in every deployment dashboard. */
function readEnv(): Record<string, string | undefined> {
  try {
    loadDotEnv();
  } catch (error) {
    // Nothing is running yet: one line and out.
    log(`failed to start: ${(error as Error).message}`);
    process.exit(1);
  }
  // Tells every process it runs that it runs under npm start (service config's launcher),
  // so what it tells an operator to type fits: `npm run parked-events`, not an image's flags.
  return { ...process.env, PSYCHEOS_LAUNCHER: 'npm-start' };
}

/** Postgres and nats-server chatter only matters when something is wrong (or DEBUG is on). */
function onlyNotable(write: (line: string) => void, unless?: RegExp): (line: string) => void {
  if (debug) return write;
  return (line) => {
    if (unless?.test(line)) return;
    if (/ERROR|FATAL|PANIC|WARNING|HINT|\[(WRN|ERR|FTL)\]|could not/.test(line)) write(line);
  };
}

/**
 * A statement PostgreSQL refused: the client that sent it got the error and reports what
 * matters. The server's copy only alarms a newcomer, as the migrations' first look for their
 * own tables did on every first start ("relation "kysely_migration" does not exist"). The
 * server's own trouble (a disk that "could not" be written) still shows.
 */
const CLIENT_STATEMENT_ERROR = /\bERROR:\s+(?!.*could not)/;

const START_STEP_LIMIT_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

const fail = (error: unknown) => {
  const what = started ? 'the launcher failed' : 'failed to start';
  log(`${what}: ${describeStartFailure(error, debug)}`);
  void shutdown(1, 'a failure');
};
onShutdownSignal((signal) => void shutdown(0, `${signal} received`));
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
const startup = main();
startup.catch(fail);
