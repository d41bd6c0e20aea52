import {
  createTestDatabase,
  type ServiceHarness,
  startServiceHarness,
  type TestDatabase,
  testNamespace,
  untilBotsAreKnown,
} from '@psycheos/testkit';
import { afterAll, beforeAll } from 'vitest';
import { buildApp as buildScreen } from '../../screen/src/app';
import { buildApp as buildPro } from '../src/app';
import { ADMIN } from './pro-chat';

export interface ProAndScreen {
  database: TestDatabase;
  pro: ServiceHarness;
  screen: ServiceHarness;
}

/**
 * pro and screen on one database and one NATS namespace, as in production, started once
 * before the file's tests and stopped after them; screen's @username is known to pro before
 * the first test, so screening links can be made. Read the fields inside tests.
 */
export function useProAndScreen(): ProAndScreen {
  const bots = {} as ProAndScreen;
  beforeAll(async () => {
    bots.database = await createTestDatabase();
    const shared = { database: bots.database, nats: testNamespace() };
    bots.pro = await startServiceHarness({
      botId: 'pro',
      buildApp: buildPro,
      env: { ADMIN_IDS: String(ADMIN.id) },
      ...shared,
    });
    bots.screen = await startServiceHarness({ botId: 'screen', buildApp: buildScreen, ...shared });
    await untilBotsAreKnown(bots.database.db, ['screen']);
  });
  afterAll(async () => {
    await bots.screen?.close();
    await bots.pro?.close();
    await bots.database?.destroy();
  });
  return bots;
}
