import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTALL_NATS, isNatsServerInstalled, startNatsServerProcess } from '@psycheos/local-nats';
import { startLocalPostgres } from '@psycheos/local-postgres';
import { freePort } from '@psycheos/platform';
import pg from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_TEST_NATS_URL = 'nats://127.0.0.1:4222';

/** What a probe of a PostgreSQL address found. */
export type Probe = 'answers' | 'nothing-listens' | { refused: string };

export type TestServerDecision =
  | { action: 'use' }
  | { action: 'start-own' }
  | { action: 'fail'; message: string };

/**
 * Which PostgreSQL a test run uses: the one TEST_DATABASE_URL names (which must answer), or
 * the default address when something answers there, or else one of the run's own, as
 * `npm start` does, so `npm test` needs nothing but Node. A server that answers but refuses
 * us is a mistake to report, not to work around.
 */
export function decideTestDatabase(configured: boolean, probe: Probe): TestServerDecision {
  if (probe === 'answers') return { action: 'use' };
  const where = configured ? 'TEST_DATABASE_URL' : DEFAULT_TEST_DATABASE_URL;
  if (probe !== 'nothing-listens') {
    return {
      action: 'fail',
      message: `the PostgreSQL at ${where} refused the tests (${probe.refused}): set TEST_DATABASE_URL to a server where they may create databases`,
    };
  }
  if (!configured) return { action: 'start-own' };
  return {
    action: 'fail',
    message: `nothing answers at TEST_DATABASE_URL: start that server, or unset TEST_DATABASE_URL and the tests start a PostgreSQL of their own`,
  };
}

/** Which NATS a test run uses; without one, the tests that need it fail with how to get it. */
export function decideTestNats(
  configured: boolean,
  listening: boolean,
  installed: boolean,
): TestServerDecision {
  if (listening) return { action: 'use' };
  if (configured) {
    return {
      action: 'fail',
      message: 'nothing answers at TEST_NATS_URL: start that server, or unset TEST_NATS_URL',
    };
  }
  if (installed) return { action: 'start-own' };
  return {
    action: 'fail',
    message: `this test needs NATS and no nats-server is installed: ${INSTALL_NATS}, or set TEST_NATS_URL`,
  };
}

type Env = Record<string, string | undefined>;

/**
 * Makes `env.TEST_DATABASE_URL` name a PostgreSQL the tests can use, starting a throwaway one
 * on a free port when needed (each test process its own, so projects run in parallel do not
 * share one). Resolves with what stops it.
 */
export async function ensureTestDatabase(
  env: Env,
  defaultUrl = DEFAULT_TEST_DATABASE_URL,
): Promise<() => Promise<void>> {
  const configured = env.TEST_DATABASE_URL !== undefined;
  const url = env.TEST_DATABASE_URL ?? defaultUrl;
  const decision = decideTestDatabase(configured, await probePostgres(url));
  if (decision.action === 'fail') throw oneLine(decision.message);
  if (decision.action === 'use') {
    env.TEST_DATABASE_URL = url;
    return async () => {};
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'psycheos-test-postgres-'));
  const postgres = await startLocalPostgres({
    dataDir,
    port: await freePort(),
    log: () => {},
    ephemeral: true,
  });
  env.TEST_DATABASE_URL = postgres.url;
  return async () => {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

/**
 * Makes `env.TEST_NATS_URL` name a NATS server with JetStream, starting nats-server on a free
 * port when it is installed and none answers; otherwise sets `env.TEST_NATS_MISSING` to the
 * line the tests that need NATS fail with.
 */
export async function ensureTestNats(
  env: Env,
  defaultUrl = DEFAULT_TEST_NATS_URL,
): Promise<() => Promise<void>> {
  const configured = env.TEST_NATS_URL !== undefined;
  const url = new URL(env.TEST_NATS_URL ?? defaultUrl);
  const listening = await isListening(url.hostname, Number(url.port || 4222));
  const decision = decideTestNats(configured, listening, listening || isNatsServerInstalled());
  if (decision.action === 'fail') {
    env.TEST_NATS_MISSING = decision.message;
    return async () => {};
  }
  if (decision.action === 'use') {
    env.TEST_NATS_URL = url.toString();
    return async () => {};
  }
  const storeDir = await mkdtemp(join(tmpdir(), 'psycheos-test-nats-'));
  const nats = await startNatsServerProcess({ port: await freePort(), storeDir });
  env.TEST_NATS_URL = nats.url;
  return async () => {
    await nats.stop();
    await rm(storeDir, { recursive: true, force: true });
  };
}

async function probePostgres(url: string): Promise<Probe> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return 'answers';
  } catch (error) {
    const { code, errors, message } = error as {
      code?: string;
      errors?: unknown[];
      message: string;
    };
    const codes = [code, ...(errors ?? []).map((inner) => (inner as { code?: string }).code)];
    if (codes.includes('ECONNREFUSED') || /timeout/i.test(message)) return 'nothing-listens';
    return { refused: message };
  } finally {
    await client.end().catch(() => {});
  }
}

function isListening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.setTimeout(3_000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** An error whose report is its message alone: what to do, without a stack trace to read past. */
function oneLine(message: string): Error {
  const error = new Error(message);
  error.stack = message;
  return error;
}
