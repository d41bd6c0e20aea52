import { TEST_TERMS_VERSION } from '@psycheos/ai/testing';
import { createTestDatabase, type TestDatabase } from '@psycheos/testkit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPractice, signedInitData, startDashboardApi } from './dashboard-fixtures';

const IRINA = 93_001;
const OLGA = 93_002;

describe('the dashboard and the specialist’s terms', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let irina: Awaited<ReturnType<typeof seedPractice>>;
  let olga: Awaited<ReturnType<typeof seedPractice>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    irina = await seedPractice(database.db, IRINA);
    olga = await seedPractice(database.db, OLGA, ['Кейс Ольги', 'Архив Ольги']);
    app = await startDashboardApi(database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  const launch = (telegramId: number, caseId: string) =>
    app.inject({
      method: 'POST',
      url: `/app/api/cases/${caseId}/launch/interpretator`,
      headers: { authorization: `tma ${signedInitData(telegramId)}` },
    });
  const linksOf = (userId: string) =>
    database.db
      .selectFrom('launch_tokens')
      .select('token')
      .where('specialist_user_id', '=', userId)
      .execute();
  const setAccepted = (userId: string, version: string | null) =>
    database.db
      .updateTable('users')
      .set({ terms_version: version, terms_accepted_at: version === null ? null : new Date() })
      .where('user_id', '=', userId)
      .execute();
  /** pro restarted with edited terms: it records their version as the one in force. */
  const publish = (version: string) =>
    database.db.updateTable('current_specialist_terms').set({ version }).execute();

  const refusal = {
    error: 'terms_not_accepted',
    message: expect.stringMatching(/примете актуальные условия.*PsycheOS Pro/),
  };

  it('makes no tool link for a specialist who never accepted the terms, and says to accept them in pro', async () => {
    await setAccepted(olga.userId, null);
    const response = await launch(OLGA, olga.activeCase);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual(refusal);
    expect(await linksOf(olga.userId)).toEqual([]);
    // Their own cases still open: reading them sends nothing anywhere.
    const detail = await app.inject({
      method: 'GET',
      url: `/app/api/cases/${olga.activeCase}`,
      headers: { authorization: `tma ${signedInitData(OLGA)}` },
    });
    expect(detail.statusCode).toBe(200);
  });

  it('refuses links once pro runs with edited terms, until the specialist accepts them', async () => {
    expect((await launch(IRINA, irina.activeCase)).statusCode).toBe(200);
    const before = await linksOf(irina.userId);

    await publish('edited0terms');
    const refused = await launch(IRINA, irina.activeCase);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual(refusal);
    expect(await linksOf(irina.userId)).toEqual(before);

    await setAccepted(irina.userId, 'edited0terms');
    expect((await launch(IRINA, irina.activeCase)).statusCode).toBe(200);
    await publish(TEST_TERMS_VERSION);
    await setAccepted(irina.userId, TEST_TERMS_VERSION);
  });
});
