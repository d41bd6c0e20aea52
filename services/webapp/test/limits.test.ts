import { redeemLaunchToken } from '@psycheos/db';
import { createLogger } from '@psycheos/platform';
import { loadInstruments } from '@psycheos/screening';
import { createTestDatabase, type TestDatabase } from '@psycheos/testkit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOO_MANY_REQUESTS } from '../src/api/rate-limits';
import { buildApp } from '../src/app';
import { loadWebappConfig } from '../src/config';
import { PRO_TOKEN, seedPractice, signedInitData } from './dashboard-fixtures';

/**
 * What one signed-in specialist's initData can make the API do: a script holding it once
 * asked for 300 tool links in five seconds, and all 300 were made and stored. The app
 * runs with the production defaults.
 */
describe('the dashboard API’s limits', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let nextTelegramId = 93_000;

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db
      .insertInto('bot_directory')
      .values([
        { bot_id: 'interpretator', username: 'psy_interpret_bot' },
        { bot_id: 'conceptualizator', username: 'psy_concept_bot' },
      ])
      .execute();
    const config = loadWebappConfig({ TG_TOKEN_PRO: PRO_TOKEN, DATABASE_URL: database.url });
    app = await buildApp({
      db: database.db,
      logger: createLogger({ service: 'webapp', level: 'fatal' }),
      catalogue: loadInstruments(),
      proBotToken: config.proBotToken,
      initDataMaxAgeSeconds: config.initDataMaxAgeSeconds,
      trialMilli: config.trialMilli,
      pageDir: '/nonexistent',
    });
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  async function specialist() {
    const telegramId = ++nextTelegramId;
    const practice = await seedPractice(database.db, telegramId);
    return { ...practice, initData: signedInitData(telegramId), telegramId };
  }

  const launch = (caseId: string, tool: string, initData: string) =>
    app.inject({
      method: 'POST',
      url: `/app/api/cases/${caseId}/launch/${tool}`,
      headers: { authorization: `tma ${initData}` },
    });
  const linksOf = (userId: string) =>
    database.db
      .selectFrom('launch_tokens')
      .select('token')
      .where('specialist_user_id', '=', userId)
      .execute();

  it('answers 300 tool-link requests in a burst with one stored link, then 429 with words the page shows', async () => {
    const { activeCase, userId, initData } = await specialist();
    const started = Date.now();

    // Ten at a time, as fast as they are answered.
    const responses = [];
    for (let batch = 0; batch < 30; batch++) {
      responses.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, () => launch(activeCase, 'interpretator', initData)),
        )),
      );
    }

    expect(Date.now() - started).toBeLessThan(5_000);
    const served = responses.filter((response) => response.statusCode === 200);
    const refused = responses.filter((response) => response.statusCode === 429);
    expect(served).toHaveLength(10);
    expect(refused).toHaveLength(290);
    expect(new Set(served.map((response) => response.json().link)).size).toBe(1);
    expect(refused[0]?.json()).toEqual({ error: 'too_many_requests', message: TOO_MANY_REQUESTS });
    expect(Number(refused[0]?.headers['retry-after'])).toBeGreaterThan(0);
    expect(await linksOf(userId)).toHaveLength(1);
  });

  it('gives the same link when a tool is asked for again, and a new one once that was used', async () => {
    const { activeCase, initData, telegramId } = await specialist();
    const first = (await launch(activeCase, 'interpretator', initData)).json().link;
    expect((await launch(activeCase, 'interpretator', initData)).json().link).toBe(first);
    // Another tool has a link of its own.
    expect((await launch(activeCase, 'conceptualizator', initData)).json().link).not.toBe(first);

    const token = /start=([0-9a-f]{24})$/.exec(first)?.[1] ?? '';
    expect((await redeemLaunchToken(database.db, 'interpretator', token, telegramId)).ok).toBe(
      true,
    );
    const next = (await launch(activeCase, 'interpretator', initData)).json().link;
    expect(next).not.toBe(first);
    expect(next).toMatch(/^https:\/\/t\.me\/psy_interpret_bot\?start=[0-9a-f]{24}$/);
  });

  it('limits every call per specialist, and no one else for it', async () => {
    const flooding = await specialist();
    const other = await specialist();
    const cases = (initData: string) =>
      app.inject({
        method: 'GET',
        url: '/app/api/cases',
        headers: { authorization: `tma ${initData}` },
      });
    for (let i = 0; i < 60; i++) expect((await cases(flooding.initData)).statusCode).toBe(200);

    const over = await cases(flooding.initData);
    expect(over.statusCode).toBe(429);
    expect(over.json().message).toBe(TOO_MANY_REQUESTS);
    expect((await cases(other.initData)).statusCode).toBe(200);
  });

  it('refuses launch data signed more than 15 minutes ago', async () => {
    const { telegramId } = await specialist();
    const signedAgo = (minutes: number) =>
      app.inject({
        method: 'GET',
        url: '/app/api/cases',
        headers: {
          authorization: `tma ${signedInitData(telegramId, new Date(Date.now() - minutes * 60_000))}`,
        },
      });
    expect((await signedAgo(14)).statusCode).toBe(200);
    const stale = await signedAgo(16);
    expect(stale.statusCode).toBe(401);
    expect(stale.json()).toEqual({ error: 'expired' });
  });
});
