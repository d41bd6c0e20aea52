import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalBotApi, startLocalBotApi } from '@psycheos/local-bot-api';
import { captureLogs } from '@psycheos/testkit';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach } from 'vitest';
import { buildApp } from '../../src/app';
import type { PlaygroundBot } from '../../src/config';
import type { PlaygroundDeps } from '../../src/deps';
import { PeopleStore } from '../../src/people-store';

export const ADMIN_ID = 700_000_001;
export const MARIA_ID = 700_000_002;
export const IVAN_ID = 700_000_003;
export const DASHBOARD_URL = 'http://localhost:8080/app';

export const PRO: PlaygroundBot = {
  botId: 'pro',
  token: '7100000001:playground-test-pro-token',
  secret: 'playground-test-pro-secret-0123456789abcdef',
  username: 'psycheos_pro_test_bot',
  firstName: 'PsycheOS Pro',
};
export const SCREEN: PlaygroundBot = {
  botId: 'screen',
  token: '7100000002:playground-test-screen-token',
  secret: 'playground-test-screen-secret-0123456789abcd',
  username: 'psycheos_screen_test_bot',
  firstName: 'PsycheOS Скрининг',
};

export interface RunningPlayground {
  app: FastifyInstance;
  botApi: LocalBotApi;
  people: PeopleStore;
  deps: PlaygroundDeps;
  /** Every line the playground logged, to check that no one's words are among them. */
  logLines: string[];
  /** Closes the app and the Bot API; the data folder stays for a rebuild. */
  close(): Promise<void>;
}

/** A fresh folder for a playground's data, removed after the test file. */
export async function makeDataDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'playground-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/**
 * The playground as main.ts assembles it, on a real local Bot API, without listening:
 * tests talk to it with app.inject().
 */
export async function startPlayground(
  dataDir: string,
  clock: () => Date = () => new Date(),
): Promise<RunningPlayground> {
  const bots = [PRO, SCREEN];
  const botApi = await startLocalBotApi({
    bots: bots.map(({ token, username, firstName }) => ({ token, username, firstName })),
    dataDir: join(dataDir, 'bot-api'),
    recordCalls: false,
    strictMessages: true,
  });
  const people = await PeopleStore.open(dataDir, ADMIN_ID);
  const logs = captureLogs('playground');
  const deps: PlaygroundDeps = {
    botApi,
    config: { bots, dashboardUrl: DASHBOARD_URL, adminId: ADMIN_ID, isAiConfigured: false },
    people,
    logger: logs.logger,
    clock,
  };
  const app = await buildApp(deps);
  return {
    app,
    botApi,
    people,
    deps,
    logLines: logs.lines,
    async close() {
      await app.close();
      await botApi.close();
    },
  };
}

export interface FreshPlayground {
  playground: RunningPlayground;
  dataDir: Awaited<ReturnType<typeof makeDataDir>>;
}

/**
 * A playground of each test's own, on a fresh data folder, closed and removed after it; read
 * the fields inside tests (a test may restart `playground` on the same folder).
 */
export function freshPlaygroundForEachTest(): FreshPlayground {
  const fresh = {} as FreshPlayground;
  beforeEach(async () => {
    fresh.dataDir = await makeDataDir();
    fresh.playground = await startPlayground(fresh.dataDir.path);
  });
  afterEach(async () => {
    await fresh.playground.close();
    await fresh.dataDir.remove();
  });
  return fresh;
}
