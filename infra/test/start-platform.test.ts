import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECRET_HEADER } from '@psycheos/shared';
import {
  type FakeTelegram,
  freePort,
  type RunningProcess,
  startFakeTelegram,
  startServiceProcess,
  textMessage,
} from '@psycheos/shared/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * `npm start` as a newcomer runs it: no DATABASE_URL (embedded PostgreSQL), no NATS_URL
 * (a local nats-server), one bot token. Started twice on the same data folder.
 */
describe('the local platform launcher', () => {
  let dataDir: string;
  let telegram: FakeTelegram;
  let gatewayPort: number;
  const secret = 'launcher-test-secret';
  const admin = { id: 777_001, first_name: 'Админ' };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'psycheos-platform-'));
    telegram = await startFakeTelegram();
    gatewayPort = await freePort();
  });
  afterAll(async () => {
    await telegram.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  // The gateway's /health answers 200 as soon as it listens; the platform is ready when it says pro is up.
  const startPlatform = async () => {
    const platform = await startServiceProcess({
      entry: 'infra/src/platform/start-platform.ts',
      env: {
        PSYCHEOS_DATA_DIR: dataDir,
        PSYCHEOS_ENV_FILE: join(dataDir, 'no.env'),
        PORT: String(gatewayPort),
        TG_TOKEN_PRO: '3000003:LAUNCHER-token',
        TG_WEBHOOK_SECRET_PRO: secret,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        ADMIN_IDS: String(admin.id),
      },
      healthUrl: `http://127.0.0.1:${gatewayPort}/health`,
      timeoutMs: 90_000,
    });
    await vi.waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${gatewayPort}/health`);
        const health = (await response.json()) as { services: Record<string, string> };
        expect(health.services.pro).toBe('up');
      },
      { timeout: 30_000, interval: 200 },
    );
    return platform;
  };

  const send = (text: string) =>
    fetch(`http://127.0.0.1:${gatewayPort}/webhook/pro`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
      body: JSON.stringify(textMessage(admin, text)),
    });

  it('runs the gateway and the enabled bots on embedded Postgres, keeps data across restarts, stops cleanly', async () => {
    let platform: RunningProcess = await startPlatform();
    try {
      const health = await (await fetch(`http://127.0.0.1:${gatewayPort}/health`)).json();
      expect(health).toMatchObject({
        status: 'ok',
        services: { pro: 'up', screen: 'disabled', simulator: 'disabled' },
      });
      expect(platform.output.join('\n')).toContain(
        'screen: disabled (TG_TOKEN_SCREEN and TG_WEBHOOK_SECRET_SCREEN not set)',
      );
      expect(platform.output.some((line) => line.startsWith('gateway '))).toBe(true);
      expect(platform.output.some((line) => line.startsWith('pro '))).toBe(true);

      // The first half of a step in the first run...
      expect((await send('/admin')).status).toBe(200);
      expect((await send('🔗 Создать приглашение')).status).toBe(200);
      expect(await platform.stop('SIGINT')).toBe(0);
      expect(platform.output.at(-1)).toContain('stopped');

      // ...and its second half after a restart: the state was kept in the data folder.
      platform = await startPlatform();
      expect((await send('Коллега из супервизии')).status).toBe(200);
      // Two replies to one chat: the throttle spaces them about a second apart.
      await vi.waitFor(
        () => expect(telegram.textsSentTo(admin.id).at(-2)).toMatch(/^🔗 Приглашение создано/),
        { timeout: 10_000 },
      );
    } finally {
      expect(await platform.stop('SIGTERM')).toBe(0);
    }
    // Nothing is left listening: the gateway's port is free again.
    await expect(fetch(`http://127.0.0.1:${gatewayPort}/health`)).rejects.toThrow();
  }, 240_000);
});
