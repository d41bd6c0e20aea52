import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp as buildGateway } from '@psycheos/gateway/src/app';
import { createLogger } from '@psycheos/platform';
import { loadInstruments } from '@psycheos/screening';
import { createTestDatabase, type TestDatabase } from '@psycheos/testkit';
import { launchChromium } from '@psycheos/testkit/chromium';
import { RATE_LIMITS, TOO_MANY_REQUESTS } from '@psycheos/webapp/src/api/rate-limits';
import { BUILT_PAGE_DIR, buildApp } from '@psycheos/webapp/src/app';
import { ACCEPT_TERMS_IN_PRO } from '@psycheos/webapp/src/auth/current-terms';
import { PRO_TOKEN, seedPractice, signedInitData } from '@psycheos/webapp/test/dashboard-fixtures';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Screenshots to look at after a run; not compared, not committed. */
const SHOTS = join(import.meta.dirname, '..', 'test-output');
const IRINA = 92_001;
/** A specialist who presses a tool's button over and over. */
const IMPATIENT = 92_002;
/** A specialist who has not accepted the terms in force. */
const UNACCEPTED = 92_003;

const LIGHT = {
  bg_color: '#ffffff',
  text_color: '#1f1f1f',
  hint_color: '#8a8a8a',
  button_color: '#2f7dd1',
  button_text_color: '#ffffff',
  secondary_bg_color: '#f0f1f4',
  link_color: '#2f7dd1',
};
const DARK = {
  bg_color: '#17212b',
  text_color: '#f5f5f5',
  hint_color: '#708499',
  button_color: '#5288c1',
  button_text_color: '#ffffff',
  secondary_bg_color: '#232e3c',
  link_color: '#6ab3f3',
};

/** A reliable improvement's colour on the charts (styles.css, --better). */
const BETTER: [number, number, number] = [0x2e, 0x9d, 0x48];

/** How many pixels of an instrument's chart are this colour, give or take antialiasing. */
function pixelsOf(page: Page, instrument: string, colour: [number, number, number]) {
  return page
    .locator(`.chart[data-instrument="${instrument}"] canvas`)
    .first()
    .evaluate((canvas, [red, green, blue]) => {
      const { width, height } = canvas as HTMLCanvasElement;
      const context = (canvas as HTMLCanvasElement).getContext('2d');
      const data = context?.getImageData(0, 0, width, height).data ?? [];
      let count = 0;
      for (let at = 0; at < data.length; at += 4) {
        const near = (value: number | undefined, wanted: number) =>
          Math.abs((value ?? 0) - wanted) < 12;
        if (near(data[at], red) && near(data[at + 1], green) && near(data[at + 2], blue)) count++;
      }
      return count;
    }, colour);
}

/**
 * The dashboard in a real browser, as Telegram opens it: the page from the gateway (/app),
 * launch parameters in the URL's hash, API calls signed with initData, against seeded cases.
 */
describe('the dashboard in Chromium', () => {
  let database: TestDatabase;
  let webapp: FastifyInstance;
  let gateway: FastifyInstance;
  let gatewayUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(join(BUILT_PAGE_DIR, 'index.html'))) {
      throw new Error('the dashboard page is not built: npx nx run webapp:build');
    }
    database = await createTestDatabase();
    await seedPractice(database.db, IRINA);
    await seedPractice(database.db, IMPATIENT);
    const { userId } = await seedPractice(database.db, UNACCEPTED);
    await database.db
      .updateTable('users')
      .set({ terms_version: null, terms_accepted_at: null })
      .where('user_id', '=', userId)
      .execute();
    await database.db
      .insertInto('bot_directory')
      .values({ bot_id: 'interpretator', username: 'psy_interpret_bot' })
      .execute();
    const logger = createLogger({ service: 'webapp', level: 'warn' });
    webapp = await buildApp({
      db: database.db,
      logger,
      catalogue: loadInstruments(),
      proBotToken: PRO_TOKEN,
      initDataMaxAgeSeconds: 3_600,
      trialMilli: 100_000,
    });
    const dashboardUrl = await webapp.listen({ host: '127.0.0.1', port: 0 });
    gateway = await buildGateway({
      config: { routes: new Map(), disabledBots: [], dashboardUrl },
      logger: createLogger({ service: 'gateway', level: 'warn' }),
      healthCacheMs: 0,
    });
    gatewayUrl = await gateway.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await webapp?.close();
    await database?.destroy();
  });

  /** The page as Telegram opens it, with what its bridge is asked recorded in window.__telegramEvents. */
  async function openDashboard(theme: Record<string, string>, telegramId = IRINA): Promise<Page> {
    const page = await browser.newPage({
      viewport: { width: 400, height: 860 },
      deviceScaleFactor: 1,
    });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    (page as Page & { problems?: string[] }).problems = problems;
    await page.addInitScript(() => {
      const events: [string, string][] = [];
      Object.assign(window, {
        __telegramEvents: events,
        TelegramWebviewProxy: {
          postEvent: (name: string, data: string) => events.push([name, data]),
        },
      });
    });
    const hash = new URLSearchParams({
      tgWebAppData: signedInitData(telegramId),
      tgWebAppVersion: '8.0',
      tgWebAppPlatform: 'android',
      tgWebAppThemeParams: JSON.stringify(theme),
    });
    // As WEBAPP_URL is usually written: without the trailing slash.
    await page.goto(`${gatewayUrl}/app#${hash.toString()}`);
    return page;
  }

  it('shows the cases, a case’s screening chart and its saved result, and opens a tool', async () => {
    const page = await openDashboard(LIGHT);
    await page.getByText('Мария К.').waitFor({ timeout: 15_000 });
    // Archived cases wait behind their switch.
    expect(await page.getByText('Олег (архив)').count()).toBe(0);
    await page.getByRole('button', { name: 'Архив' }).click();
    await page.getByText('Олег (архив)').waitFor();
    await page.getByRole('button', { name: 'Активные' }).click();
    await page.getByPlaceholder('Поиск по названию кейса').fill('мар');
    await page.getByText('Мария К.').click();

    const chart = page.locator('.chart[data-instrument="phq9"] canvas');
    await chart.first().waitFor({ timeout: 15_000 });
    const box = await chart.first().boundingBox();
    expect(box?.width).toBeGreaterThan(200);
    expect(box?.height).toBeGreaterThan(100);
    await page.getByText('Последний результат: 8 — лёгкая').waitFor();
    // What the chart's marks mean: the caseness line at this instrument's threshold among them.
    const legend = page.locator('.chart[data-instrument="phq9"] .legend li');
    expect(await legend.allTextContents()).toEqual([
      'исходный уровень',
      'порог клинического уровня: 10 и выше',
      'надёжное улучшение',
      'надёжное ухудшение',
    ]);
    // PHQ-9's 14 → 8 is a reliable improvement, drawn as a green triangle; GAD-7 has one result.
    expect(await pixelsOf(page, 'phq9', BETTER)).toBeGreaterThan(20);
    expect(await pixelsOf(page, 'gad7', BETTER)).toBe(0);
    await page.locator('.chart[data-instrument="phq9"]').screenshot({
      path: join(SHOTS, 'chart-light.png'),
    });
    await page.getByText('Интерпретация материала').click();
    await page.getByText('я всё время жду, что меня уволят', { exact: false }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'dashboard-light.png'), fullPage: true });

    await page.getByRole('button', { name: 'Интерпретатор' }).click();
    const opened = await page.waitForFunction(() => {
      const events = (window as unknown as { __telegramEvents: [string, string][] })
        .__telegramEvents;
      return events.find(([name]) => name === 'web_app_open_tg_link')?.[1];
    });
    const { path_full } = JSON.parse((await opened.jsonValue()) as string) as { path_full: string };
    expect(path_full).toMatch(/^\/psy_interpret_bot\?start=[0-9a-f]{24}$/);
    expect((page as Page & { problems?: string[] }).problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('follows a dark theme and shows the account', async () => {
    const page = await openDashboard(DARK);
    await page.getByText('Мария К.').waitFor({ timeout: 15_000 });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(23, 33, 43)');
    await page.getByText('Мария К.').click();
    await page
      .locator('.chart[data-instrument="phq9"] canvas')
      .first()
      .waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(SHOTS, 'dashboard-dark.png'), fullPage: true });
    await page.locator('.chart[data-instrument="phq9"]').screenshot({
      path: join(SHOTS, 'chart-dark.png'),
    });
    await page.getByRole('button', { name: 'Аккаунт' }).click();
    await page.getByText('Кредитов на балансе').waitFor();
    expect(await page.locator('.balance').textContent()).toBe('100');
    await page.screenshot({ path: join(SHOTS, 'dashboard-account.png') });
    await page.close();
  }, 60_000);

  it('asks a specialist who keeps pressing a tool to wait a minute, in words', async () => {
    const page = await openDashboard(LIGHT, IMPATIENT);
    await page.getByText('Мария К.').click({ timeout: 15_000 });
    const tool = page.getByRole('button', { name: 'Интерпретатор' });
    for (let press = 0; press < RATE_LIMITS.launchesPerMinute; press++) {
      await tool.click();
      await page.waitForFunction(
        (count) =>
          (window as unknown as { __telegramEvents: [string, string][] }).__telegramEvents.filter(
            ([name]) => name === 'web_app_open_tg_link',
          ).length === count,
        press + 1,
      );
    }
    await tool.click();
    await page.getByText(TOO_MANY_REQUESTS).waitFor();
    await page.close();
  }, 60_000);

  it('tells a specialist who has not accepted the terms to accept them in pro, and opens no tool', async () => {
    const page = await openDashboard(LIGHT, UNACCEPTED);
    await page.getByText('Мария К.').click({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Интерпретатор' }).click();
    await page.getByText(ACCEPT_TERMS_IN_PRO).waitFor();
    const opened = await page.evaluate(() =>
      (window as unknown as { __telegramEvents: [string, string][] }).__telegramEvents.filter(
        ([name]) => name === 'web_app_open_tg_link',
      ),
    );
    expect(opened).toEqual([]);
    await page.close();
  }, 60_000);
});
