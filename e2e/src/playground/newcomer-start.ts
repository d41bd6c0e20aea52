import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, type Database } from '@psycheos/db';
import { BOT_IDS } from '@psycheos/platform';
import {
  createEmptyDatabase,
  freePort,
  killEverything,
  type NpmStart,
  nothingLeftOf,
  runNpmStart,
  untilBotsAreKnown,
} from '@psycheos/testkit';
import { launchChromium } from '@psycheos/testkit/chromium';
import type { Kysely } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, vi } from 'vitest';

export interface NewcomerStart {
  /** The address npm start printed: `http://localhost:<port>/playground`. */
  pageUrl: string;
  /** The platform's database, to check what the bots stored. */
  db: Kysely<Database>;
  /** npm start itself, with every line its processes printed. */
  run: NpmStart;
  browser: Browser;
}

/** Where the screenshots and the processes' output are kept (git-ignored). */
export const ARTIFACTS = new URL('../../.artifacts/', import.meta.url);

/** A start on two loaded cores: seven processes through tsx, a migration, nats-server. */
const START_TIMEOUT_MS = 180_000;
const PLAYGROUND_LINE = /^platform .*playground: (http:\/\/localhost:\d+\/playground)$/;

/**
 * `npm start` as a newcomer runs it, with no Telegram token and no Anthropic key, so it
 * starts the playground; only the database, the data folder (a missing .env in it) and the
 * port are the test's own. runNpmStart gives the child PATH and HOME and nothing else from
 * this process, so no TG_TOKEN_* or ANTHROPIC_API_KEY of the machine's can leak in. Started
 * once before the file's tests with a Chromium to look at it; everything stopped after them.
 */
export function useNewcomerStart(): NewcomerStart {
  const started = {} as NewcomerStart;
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    Object.assign(started, await start(cleanups));
  }, START_TIMEOUT_MS + 60_000);
  afterAll(async () => {
    const failures: unknown[] = [];
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error) => failures.push(error));
    if (failures.length > 0)
      throw new AggregateError(failures, 'the playground did not stop cleanly');
  }, 60_000);
  return started;
}

async function start(cleanups: (() => Promise<unknown>)[]): Promise<NewcomerStart> {
  const dataDir = await mkdtemp(join(tmpdir(), 'psycheos-playground-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const database = await createEmptyDatabase('psycheos_playground');
  cleanups.push(() => database.drop());

  const run = runNpmStart({
    DATABASE_URL: database.url,
    PSYCHEOS_DATA_DIR: dataDir,
    PSYCHEOS_ENV_FILE: join(dataDir, 'no.env'),
    PORT: String(await freePort()),
  });
  cleanups.push(() => keepOutput(run));
  cleanups.push(async () => {
    killEverything(run);
    await nothingLeftOf(run, 15_000);
  });
  const pageUrl = await untilPlaygroundIsPrinted(run);

  const db = createDatabase({ url: database.url, max: 2 });
  cleanups.push(() => db.destroy());
  // pro builds the invitation's and the screening's t.me links from the bots' @usernames.
  await untilBotsAreKnown(db, BOT_IDS, 75_000);

  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  return { pageUrl, db, run, browser };
}

/** The playground's address, once npm start prints it; fails at once if npm start exits first. */
async function untilPlaygroundIsPrinted(run: NpmStart): Promise<string> {
  let hasExited = false;
  void run.exitCode.then(() => {
    hasExited = true;
  });
  const address = await vi.waitFor(
    () => {
      const line = run.lines.find((printed) => PLAYGROUND_LINE.test(printed));
      if (line) return PLAYGROUND_LINE.exec(line)?.[1];
      if (hasExited) return undefined;
      throw new Error(`no playground address yet:\n${run.lines.slice(-20).join('\n')}`);
    },
    { timeout: START_TIMEOUT_MS, interval: 100 },
  );
  if (!address) throw new Error(`npm start exited before the playground:\n${run.lines.join('\n')}`);
  return address;
}

async function keepOutput(run: NpmStart): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await writeFile(new URL('playground.log', ARTIFACTS), `${run.lines.join('\n')}\n`);
}
