import { createDatabase } from '@psycheos/db';
import { type FakeTelegram, startFakeTelegram } from '@psycheos/local-bot-api';
import {
  createTemplateDatabase,
  databaseUrl,
  dropTemplateDatabase,
  type RunningProcess,
} from '@psycheos/testkit';
import { afterAll, beforeAll } from 'vitest';

export interface ChaosFixture {
  /** A migrated database of the test's own. */
  url: string;
  db: ReturnType<typeof createDatabase>;
  telegram: FakeTelegram;
  /** Processes the test started: killed, whatever state they are in, when it ends. */
  processes: RunningProcess[];
}

/**
 * What a fault test stands on: its own database and fake Bot API, set up before its tests
 * and torn down after them with every process it started. Read the fields inside tests.
 */
export function useChaosFixture(): ChaosFixture {
  const fixture = { processes: [] } as unknown as ChaosFixture;
  let templateName = '';
  beforeAll(async () => {
    templateName = await createTemplateDatabase();
    fixture.url = databaseUrl(templateName);
    fixture.db = createDatabase({ url: fixture.url, max: 4 });
    fixture.telegram = await startFakeTelegram();
  });
  afterAll(async () => {
    for (const running of fixture.processes) await running.stop('SIGKILL');
    await fixture.telegram.close();
    await fixture.db.destroy();
    await dropTemplateDatabase(templateName);
  });
  return fixture;
}
