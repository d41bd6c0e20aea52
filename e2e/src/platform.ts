import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type FakeAnthropic, startFakeAnthropic } from '@psycheos/ai/testing';
import { createDatabase, type Database } from '@psycheos/db';
import { type FakeTelegram, startFakeTelegram } from '@psycheos/local-bot-api';
import { BOT_IDS, type BotId, SECRET_HEADER } from '@psycheos/platform';
import {
  createEmptyDatabase,
  freePort,
  killEverything,
  type NpmStart,
  nothingLeftOf,
  runNpmStart,
  untilBotsAreKnown,
} from '@psycheos/testkit';
import type { Update } from 'grammy/types';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { BOTS, botEnvironment } from './bots';
import { ADMIN } from './people';

export interface Platform {
  /** The fake Bot API every bot talks to: what each person was shown, by which bot. */
  telegram: FakeTelegram;
  /** The fake Anthropic API the three AI tools share. */
  model: FakeAnthropic;
  /** The platform's database, to check what is stored. */
  db: Kysely<Database>;
  /** npm start itself, with every line its processes printed. */
  run: NpmStart;
  /** The gateway's address (`http://127.0.0.1:<port>`), for what operators read: /health, /health/page. */
  gateway: string;
  /** Posts an update to a bot's webhook at the gateway, as Telegram does; resolves with the status. */
  deliver(bot: BotId, update: Update): Promise<number>;
}

/** A start on two loaded cores: seven processes through tsx, a migration, nats-server. */
const START_TIMEOUT_MS = 180_000;
const READY = /^platform .* ready: .*; bots: /;

export interface PlatformOptions {
  /**
   * Variables npm start gets besides the suite's own (which they override), such as
   * `PSYCHEOS_REPLICAS` for a story about replicas.
   */
  env?: Readonly<Record<string, string>>;
}

/**
 * The whole platform as `npm start` runs it (the gateway, the five bots and the dashboard,
 * each a process of its own, and a nats-server of its own in a temporary folder) on an
 * empty database of this test file's, started once before the file's tests and stopped,
 * with everything it started, after them. Read the fields inside tests.
 */
export function usePlatform(options: PlatformOptions = {}): Platform {
  const platform = {} as Platform;
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    const testFile = basename(expect.getState().testPath ?? 'platform', '.test.ts');
    Object.assign(platform, await startPlatform(testFile, cleanups, options));
  }, START_TIMEOUT_MS + 60_000);
  afterAll(async () => {
    const failures: unknown[] = [];
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error) => failures.push(error));
    if (failures.length > 0)
      throw new AggregateError(failures, 'the platform did not stop cleanly');
  }, 60_000);
  return platform;
}

/**
 * Starts the platform; each thing started leaves in `cleanups` what undoes it, and what the
 * processes printed is kept in e2e/.artifacts/<test file>.log, to read after a failure.
 */
async function startPlatform(
  testFile: string,
  cleanups: (() => Promise<unknown>)[],
  options: PlatformOptions,
): Promise<Platform> {
  const dataDir = await mkdtemp(join(tmpdir(), 'psycheos-e2e-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const database = await createEmptyDatabase('psycheos_e2e');
  cleanups.push(() => database.drop());
  const telegram = await startFakeTelegram();
  cleanups.push(() => telegram.close());
  const model = await startFakeAnthropic();
  cleanups.push(() => model.stop());
  const port = await freePort();

  const run = runNpmStart({
    DATABASE_URL: database.url,
    // No NATS_URL: the launcher starts a nats-server with its streams in the data folder.
    PSYCHEOS_DATA_DIR: dataDir,
    PSYCHEOS_ENV_FILE: join(dataDir, 'no.env'),
    PORT: String(port),
    ...botEnvironment(),
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_CHAT_INTERVAL_MS: '0',
    ANTHROPIC_BASE_URL: model.url,
    ANTHROPIC_API_KEY: 'sk-ant-e2e-any-key',
    ADMIN_IDS: String(ADMIN.id),
    // Credits are the Stars story's concern; the AI stories must never run out.
    BILLING_TRIAL_CREDITS: '100000',
    // Scheduled questionnaires at any hour: a story must not depend on when the suite runs.
    SCREENING_HOURS: '0-24',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'info',
    ...options.env,
  });
  cleanups.push(() => keepOutput(run, testFile));
  cleanups.push(async () => {
    killEverything(run);
    await nothingLeftOf(run, 15_000);
  });
  await untilReady(run);

  const db = createDatabase({ url: database.url, max: 4 });
  cleanups.push(() => db.destroy());
  // A bot whose first getMe failed publishes its @username 30 s later (launch/bot-directory.ts).
  await untilBotsAreKnown(db, BOT_IDS, 75_000);

  const gateway = `http://127.0.0.1:${port}`;
  const deliver = async (bot: BotId, update: Update) => {
    const response = await fetch(`${gateway}/webhook/${bot}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: BOTS[bot].secret },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    return response.status;
  };
  return { telegram, model, db, run, gateway, deliver };
}

/**
 * Waits for npm start's "ready" line and checks that it names every bot: a bot that crashed
 * at every start is given up on, and the rest comes up without it. Fails at once, with the
 * output, if npm start exits first.
 */
async function untilReady(run: NpmStart): Promise<void> {
  let hasExited = false;
  void run.exitCode.then(() => {
    hasExited = true;
  });
  const ready = await vi.waitFor(
    () => {
      const line = run.lines.find((printed) => READY.test(printed));
      if (hasExited || line) return line;
      throw new Error(`npm start is not ready yet:\n${run.lines.slice(-20).join('\n')}`);
    },
    { timeout: START_TIMEOUT_MS, interval: 100 },
  );
  if (!ready) throw new Error(`npm start exited before it was ready:\n${run.lines.join('\n')}`);
  const serving = ready.split('bots: ')[1]?.split(', ') ?? [];
  const missing = BOT_IDS.filter((botId) => !serving.includes(botId));
  if (missing.length > 0) {
    const theirs = run.lines.filter((line) => missing.some((botId) => line.startsWith(botId)));
    throw new Error(`npm start is ready without ${missing}:\n${theirs.slice(-15).join('\n')}`);
  }
}

async function keepOutput(run: NpmStart, testFile: string): Promise<void> {
  const folder = new URL('../.artifacts/', import.meta.url);
  await mkdir(folder, { recursive: true });
  await writeFile(new URL(`${testFile}.log`, folder), `${run.lines.join('\n')}\n`);
}
