import { redeemLaunchToken } from '@psycheos/db';
import { createTestDatabase, type TestDatabase } from '@psycheos/testkit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPractice, signedInitData, startDashboardApi } from './dashboard-fixtures';

const IRINA = 91_001;
const OTHER = 91_002;
const BLOCKED = 91_003;

describe('the dashboard API', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let irina: Awaited<ReturnType<typeof seedPractice>>;
  let other: Awaited<ReturnType<typeof seedPractice>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    irina = await seedPractice(database.db, IRINA);
    other = await seedPractice(database.db, OTHER, ['Чужой кейс', 'Чужой архив']);
    await database.db
      .insertInto('users')
      .values({ telegram_id: BLOCKED, role: 'specialist', status: 'blocked' })
      .execute();
    app = await startDashboardApi(database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
  });

  const get = (url: string, initData?: string) =>
    app.inject({
      method: 'GET',
      url,
      headers: initData === undefined ? {} : { authorization: `tma ${initData}` },
    });

  it('lists only the signed-in specialist’s own cases, active and archived', async () => {
    const response = await get('/app/api/cases', signedInitData(IRINA));
    expect(response.statusCode).toBe(200);
    const labels = response
      .json()
      .cases.map((item: { label: string; status: string }) => [item.label, item.status]);
    expect(labels.sort()).toEqual([
      ['Мария К.', 'active'],
      ['Олег (архив)', 'archived'],
    ]);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('refuses a tampered initData, an expired one, a missing one and another bot’s', async () => {
    const valid = signedInitData(IRINA);
    // Someone edits the user id inside signed data to read another specialist's cases.
    const tampered = valid.replace(
      encodeURIComponent(`"id":${IRINA}`),
      encodeURIComponent(`"id":${OTHER}`),
    );
    expect(tampered).not.toBe(valid);
    expect((await get('/app/api/cases', tampered)).statusCode).toBe(401);
    const old = signedInitData(IRINA, new Date(Date.now() - 2 * 3_600_000));
    const expired = await get('/app/api/cases', old);
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toEqual({ error: 'expired' });
    expect((await get('/app/api/cases')).statusCode).toBe(401);
    expect(
      (await get('/app/api/cases', signedInitData(IRINA, new Date(), '700002:another-bot')))
        .statusCode,
    ).toBe(401);
  });

  it('refuses a blocked specialist and someone who is not one', async () => {
    expect((await get('/app/api/cases', signedInitData(BLOCKED))).statusCode).toBe(403);
    expect((await get('/app/api/cases', signedInitData(91_999))).statusCode).toBe(403);
  });

  it('answers another specialist’s case with 404, as if it did not exist', async () => {
    const initData = signedInitData(IRINA);
    expect((await get(`/app/api/cases/${other.activeCase}`, initData)).statusCode).toBe(404);
    expect((await get('/app/api/cases/not-a-uuid', initData)).statusCode).toBe(404);
    const launch = await app.inject({
      method: 'POST',
      url: `/app/api/cases/${other.activeCase}/launch/interpretator`,
      headers: { authorization: `tma ${initData}` },
    });
    expect(launch.statusCode).toBe(404);
  });

  it('shows a case: screening totals over time with bands, the latest answers, saved results in full', async () => {
    const response = await get(`/app/api/cases/${irina.activeCase}`, signedInitData(IRINA));
    expect(response.statusCode).toBe(200);
    const detail = response.json();
    const phq9 = detail.screenings.find((history: { id: string }) => history.id === 'phq9');
    expect(phq9.points.map((point: { score: number }) => point.score)).toEqual([19, 14, 8]);
    expect(phq9.range).toEqual({ min: 0, max: 27 });
    expect(phq9.bands.length).toBeGreaterThan(3);
    expect(detail.screenings.map((history: { id: string }) => history.id)).toEqual([
      'phq9',
      'gad7',
    ]);
    expect(detail.latestAnswers.items).toHaveLength(9);
    expect(detail.latestAnswers.items[0]).toMatchObject({
      instrumentTitle: 'PHQ-9',
      number: 1,
      value: 1,
    });
    expect(detail.latestAnswers.items[0].text.length).toBeGreaterThan(10);
    expect(detail.results).toHaveLength(1);
    expect(detail.results[0].body).toContain('я всё время жду, что меня уволят');
    // The Симулятор is the specialist's trainer (pro's main menu), no case's tool.
    expect(detail.tools).toEqual(['interpretator', 'conceptualizator']);
  });

  it('lists only results about the client in a case, never practice saved there', async () => {
    // As a replica of the release before the trainer saved it, during a rolling deploy.
    await database.db
      .insertInto('ai_results')
      .values({
        context_id: other.activeCase,
        specialist_user_id: other.userId,
        bot_id: 'simulator',
        kind: 'simulation',
        title: 'Симуляция: Анна, CTRS 33/66',
        body: 'Учебная сессия с вымышленной клиенткой.',
        prompt_version: 'supervision.v2',
        model: 'claude-sonnet-5-5',
      })
      .execute();
    const detail = (await get(`/app/api/cases/${other.activeCase}`, signedInitData(OTHER))).json();
    expect(detail.results.map((result: { kind: string }) => result.kind)).toEqual([
      'interpretation',
    ]);
  });

  it('tells the chart where the clinical range begins, each client’s baseline and every reliable change', async () => {
    const detail = (await get(`/app/api/cases/${irina.activeCase}`, signedInitData(IRINA))).json();
    const byId = (id: string) =>
      detail.screenings.find((history: { id: string }) => history.id === id);
    // PHQ-9 19 → 14 (5 points, within measurement error) → 8 (6 points: reliable).
    expect(byId('phq9').caseness).toEqual({ at: 10, side: 'atOrAbove' });
    expect(byId('phq9').points.map((point: { mark: string | null }) => point.mark)).toEqual([
      'baseline',
      null,
      'reliable-improvement',
    ]);
    expect(byId('gad7').caseness).toEqual({ at: 8, side: 'atOrAbove' });
    expect(byId('gad7').points.map((point: { mark: string | null }) => point.mark)).toEqual([
      'baseline',
    ]);
  });

  it('opens a tool with the same single-use link the case card makes, spendable once by the tool', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/app/api/cases/${irina.activeCase}/launch/interpretator`,
      headers: { authorization: `tma ${signedInitData(IRINA)}` },
    });
    expect(response.statusCode).toBe(200);
    const link: string = response.json().link;
    const token =
      /^https:\/\/t\.me\/psy_interpret_bot\?start=([0-9a-f]{24})$/.exec(link)?.[1] ?? '';
    expect(token).not.toBe('');
    const first = await redeemLaunchToken(database.db, 'interpretator', token, IRINA);
    expect(first.ok).toBe(true);
    const second = await redeemLaunchToken(database.db, 'interpretator', token, IRINA);
    expect(second).toEqual({ ok: false, reason: 'used' });
    // An archived case opens no tool; a tool whose bot has not started yet says so.
    const archived = await app.inject({
      method: 'POST',
      url: `/app/api/cases/${irina.archivedCase}/launch/interpretator`,
      headers: { authorization: `tma ${signedInitData(IRINA)}` },
    });
    expect(archived.statusCode).toBe(409);
    const unpublished = await app.inject({
      method: 'POST',
      url: `/app/api/cases/${irina.activeCase}/launch/conceptualizator`,
      headers: { authorization: `tma ${signedInitData(IRINA)}` },
    });
    expect(unpublished.statusCode).toBe(503);
    const trainer = await app.inject({
      method: 'POST',
      url: `/app/api/cases/${irina.activeCase}/launch/simulator`,
      headers: { authorization: `tma ${signedInitData(IRINA)}` },
    });
    expect(trainer.statusCode).toBe(404);
  });

  it('shows the balance with the trial counted and the latest entries', async () => {
    await database.db
      .insertInto('credit_ledger')
      .values({ specialist_user_id: irina.userId, kind: 'usage', amount_milli: -2_500 })
      .execute();
    const account = (await get('/app/api/account', signedInitData(IRINA))).json();
    expect(account.balanceMilli).toBe(97_500);
    expect(account.entries).toEqual([
      expect.objectContaining({ kind: 'usage', amountMilli: -2_500 }),
    ]);
    expect(account.subscription).toBeNull();
  });

  it('sends strict security headers: a CSP of its own origin, framing by Telegram only', async () => {
    const response = await get('/app/api/cases', signedInitData(IRINA));
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(
      "frame-ancestors 'self' https://web.telegram.org https://*.web.telegram.org",
    );
    expect(response.headers['x-frame-options']).toBeUndefined();
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});
