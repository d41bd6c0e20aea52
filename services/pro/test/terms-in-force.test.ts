import { createHash } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { texts } from '../src/texts';
import { startProBot } from './pro-chat';

/** What a version must be: the text's SHA-256, its first 12 hex digits (not the code's helper). */
const versionOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

/**
 * The dashboard and the AI tools refuse a specialist who has not accepted the terms in
 * force, and only pro has their text: so pro records their version when it starts.
 */
describe('pro bot: the terms in force, for the dashboard and the tools', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  const inForce = () =>
    database.db.selectFrom('current_specialist_terms').select('version').execute();

  it('records the version of the terms it starts with, replacing the one before', async () => {
    const first = await startProBot({ database });
    await first.close();
    expect(await inForce()).toEqual([{ version: versionOf(texts.defaultSpecialistTerms) }]);

    const edited = 'Изменённые условия работы.';
    const second = await startProBot({ database, env: { SPECIALIST_TERMS_TEXT: edited } });
    await second.close();
    expect(await inForce()).toEqual([{ version: versionOf(edited) }]);
  });
});
