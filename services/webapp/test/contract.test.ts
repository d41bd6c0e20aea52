import { InstrumentCatalogue, loadInstruments } from '@psycheos/screening';
import { createTestDatabase, type TestDatabase } from '@psycheos/testkit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseDetail, InstrumentHistory, SavedResult } from '../src/api/contract';
import { seedPractice, signedInitData, startDashboardApi } from './dashboard-fixtures';

const IRINA = 94_001;

/**
 * The questionnaires as loaded, each band carrying a note no specialist should see: what a
 * data file might gain later, and the handler passes the bands on as they are.
 */
function catalogueWithBandNotes(): InstrumentCatalogue {
  const loaded = loadInstruments();
  return new InstrumentCatalogue(
    loaded.all.map((instrument) => ({
      ...instrument,
      bands: instrument.bands.map((band) => ({ ...band, reviewerNote: 'internal' })),
    })),
  );
}

const keysOf = (schema: { properties: object }) => Object.keys(schema.properties).sort();

describe('the dashboard API’s contract', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let irina: Awaited<ReturnType<typeof seedPractice>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    irina = await seedPractice(database.db, IRINA);
    app = await startDashboardApi(database.db, { catalogue: catalogueWithBandNotes() });
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  const call = (method: 'GET' | 'POST', url: string) =>
    app.inject({ method, url, headers: { authorization: `tma ${signedInitData(IRINA)}` } });
  const storedLinks = async () =>
    (await database.db.selectFrom('launch_tokens').select('token').execute()).length;

  it('refuses a case id or tool name that is no id at all with 400 and what was wrong, and stores no link', async () => {
    const refused = [
      await call('GET', `/app/api/cases/${'a'.repeat(37)}`),
      await call('GET', `/app/api/cases/${encodeURIComponent("1' or '1'='1")}`),
      await call('POST', `/app/api/cases/${encodeURIComponent('../account')}/launch/interpretator`),
      await call('POST', `/app/api/cases/${irina.activeCase}/launch/Interpretator!`),
    ];
    expect(refused.map((response) => response.statusCode)).toEqual([400, 400, 400, 400]);
    expect(refused[0]?.json()).toEqual({
      error: 'invalid_request',
      message: expect.stringContaining('params/caseId'),
    });
    expect(refused[3]?.json()).toEqual({
      error: 'invalid_request',
      message: expect.stringContaining('params/tool'),
    });
    expect(await storedLinks()).toBe(0);
  });

  it('answers a case with only the contract’s fields, whatever the rows and data files hold', async () => {
    // A saved result's row also names its model, prompt and owner; none of it is the page's.
    await database.db
      .insertInto('ai_results')
      .values({
        context_id: irina.activeCase,
        specialist_user_id: irina.userId,
        bot_id: 'interpretator',
        kind: 'interpretation',
        title: 'Вторая интерпретация',
        body: 'Текст.',
        prompt_version: 'interpret.v1',
        model: 'claude-sonnet-5-5',
      })
      .execute();
    const response = await call('GET', `/app/api/cases/${irina.activeCase}`);
    expect(response.statusCode).toBe(200);
    const detail = response.json();
    expect(Object.keys(detail).sort()).toEqual(keysOf(CaseDetail));
    expect(detail.results).toHaveLength(2);
    for (const result of detail.results)
      expect(Object.keys(result).sort()).toEqual(keysOf(SavedResult));
    for (const history of detail.screenings) {
      expect(Object.keys(history).sort()).toEqual(keysOf(InstrumentHistory));
      for (const band of history.bands)
        expect(Object.keys(band).sort()).toEqual(['from', 'label', 'to']);
    }
    expect(response.body).not.toContain('reviewerNote');
    expect(response.body).not.toContain('claude-sonnet');
  });
});
