import { buildApp as buildInterpretator } from '@psycheos/interpretator/src/app';
import type { BotId } from '@psycheos/platform';
import { buildApp as buildPro } from '@psycheos/pro/src/app';
import { ADMIN } from '@psycheos/pro/test/pro-chat';
import { buildApp as buildScreen } from '@psycheos/screen/src/app';
import { buildApp as buildSimulator } from '@psycheos/simulator/src/app';
import {
  createTestDatabase,
  type HarnessOptions,
  type ServiceHarness,
  startServiceHarness,
  type TestDatabase,
  testNamespace,
  untilBotsAreKnown,
} from '@psycheos/testkit';
import { afterAll, beforeAll } from 'vitest';

/** Each bot a story can start, as its main.ts builds it, and the env it always runs with. */
const BOTS = {
  pro: { buildApp: buildPro, env: { ADMIN_IDS: String(ADMIN.id) } },
  screen: { buildApp: buildScreen, env: {} },
  interpretator: { buildApp: buildInterpretator, env: {} },
  simulator: { buildApp: buildSimulator, env: {} },
} satisfies Partial<Record<BotId, Pick<HarnessOptions, 'buildApp' | 'env'>>>;

export type StoryBot = keyof typeof BOTS;

/** What the bots of one story share: the database, and the NATS namespace unless it is off. */
export type Shared = Pick<HarnessOptions, 'database' | 'nats'> & { database: TestDatabase };

/** How one bot of the story differs from production's defaults. */
export interface BotSettings {
  /** Its app built otherwise: with the test's clock, a shorter escalation. */
  buildApp?: HarnessOptions['buildApp'];
  /** More env, over the bot's own (pro's ADMIN_IDS). */
  env?: Record<string, string>;
  /** A harness of another kind (a tool bot with its fake Anthropic); closed with the others. */
  start?: (shared: Shared) => Promise<ServiceHarness>;
}

export interface BotsOptions<B extends StoryBot> {
  bots: readonly B[];
  /**
   * One NATS namespace for all the bots, as in production (the default); `false` for none,
   * so events between them go only through the database.
   */
  nats?: boolean;
  settings?: { [K in B]?: BotSettings };
}

export type Bots<B extends StoryBot> = { database: TestDatabase; close(): Promise<void> } & {
  [K in B]: ServiceHarness;
};

/**
 * These bots on one test database (and one NATS namespace), as in production, each with its
 * fake Bot API. Resolves once every one has published its @username: pro builds a tool's or
 * screen's link from it, and on a loaded machine that takes seconds.
 */
export async function startBots<B extends StoryBot>(options: BotsOptions<B>): Promise<Bots<B>> {
  const database = await createTestDatabase();
  const shared: Shared = { database, nats: options.nats === false ? false : testNamespace() };
  const started: [B, ServiceHarness][] = [];
  const close = async () => {
    for (const [, harness] of started.reverse()) await harness.close();
    await database.destroy();
  };
  try {
    for (const botId of options.bots) {
      const settings: BotSettings = options.settings?.[botId] ?? {};
      const bot = BOTS[botId];
      const harness = settings.start
        ? await settings.start(shared)
        : await startServiceHarness({
            botId,
            buildApp: settings.buildApp ?? bot.buildApp,
            env: { ...bot.env, ...settings.env },
            ...shared,
          });
      started.push([botId, harness]);
    }
    await untilBotsAreKnown(database.db, options.bots);
  } catch (error) {
    await close();
    throw error;
  }
  return { database, close, ...Object.fromEntries(started) } as Bots<B>;
}

/**
 * startBots before the file's tests and their close after them; read the fields inside
 * tests.
 */
export function useBots<B extends StoryBot>(options: BotsOptions<B>): Bots<B> {
  const bots = {} as Bots<B>;
  beforeAll(async () => {
    Object.assign(bots, await startBots(options));
  });
  afterAll(async () => {
    await bots.close?.();
  });
  return bots;
}
