import { freePort, startServiceProcess } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeDataDir, PRO, SCREEN } from './helpers/playground';
import { startWebhookReceiver } from './helpers/webhook-receiver';

const ENTRY = 'services/playground/src/main.ts';

describe('the playground as npm start runs it', () => {
  let dataDir: Awaited<ReturnType<typeof makeDataDir>>;
  let gateway: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    dataDir = await makeDataDir();
    // Stands in for the gateway: the webhooks point at it.
    gateway = await startWebhookReceiver();
  });
  afterAll(async () => {
    await gateway.close();
    await dataDir.remove();
  });

  it("registers every bot's webhook, serves the page, and stops at once on SIGTERM", async () => {
    const port = await freePort();
    const playground = await startServiceProcess({
      entry: ENTRY,
      env: {
        PORT: String(port),
        PLAYGROUND_BOT_API_PORT: String(await freePort()),
        PLAYGROUND_BOTS: JSON.stringify([PRO, SCREEN]),
        PLAYGROUND_GATEWAY_URL: gateway.url,
        PLAYGROUND_DASHBOARD_URL: 'http://localhost:8080/app',
        PLAYGROUND_DATA_DIR: dataDir.path,
        PLAYGROUND_ADMIN_ID: '700000001',
        PLAYGROUND_AI_CONFIGURED: 'false',
      },
      healthUrl: `http://127.0.0.1:${port}/playground/api/state`,
      timeoutMs: 60_000,
    });
    try {
      const api = `http://127.0.0.1:${port}/playground/api`;
      for (const [bot, botId] of [
        [SCREEN, 'screen'],
        [PRO, 'pro'],
      ] as const) {
        await fetch(`${api}/send`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ bot: bot.username, person: 700000003, text: '/start' }),
        });
        await vi.waitFor(
          () => expect(gateway.received.map((item) => item.botId)).toContain(botId),
          { timeout: 10_000 },
        );
      }
      const startLine = playground.output.find((line) => line.includes('playground listening'));
      expect(startLine).toContain('http://localhost:8080/playground');

      // A page waiting on its long poll does not hold the shutdown up.
      const { version } = (await (await fetch(`${api}/state`)).json()) as { version: number };
      const polling = fetch(`${api}/changes?since=${version}`).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const stoppedAt = Date.now();
      expect(await playground.stop('SIGTERM')).toBe(0);
      expect(Date.now() - stoppedAt).toBeLessThan(10_000);
      await polling;
    } finally {
      await playground.stop('SIGKILL');
    }
  });

  it('refuses to start in production, in one line and without a stack', async () => {
    const playground = await startServiceProcess({ entry: ENTRY, env: { NODE_ENV: 'production' } });
    expect(await playground.exited).toBe(1);
    expect(playground.output).toHaveLength(1);
    expect(playground.output[0]).toMatch(/never runs in production/);
    expect(playground.output[0]).not.toMatch(/\bat \S+:\d+/);
  });

  it('names a missing variable in one line and exits 1', async () => {
    const playground = await startServiceProcess({ entry: ENTRY, env: { PORT: '1' } });
    expect(await playground.exited).toBe(1);
    expect(playground.output).toHaveLength(1);
    expect(playground.output[0]).toMatch(/PLAYGROUND_BOTS is required/);
  });
});
