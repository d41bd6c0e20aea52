import { type FakeTelegram, startFakeTelegram } from '@psycheos/local-bot-api';
import { SECRET_HEADER } from '@psycheos/platform';
import {
  createTestDatabase,
  freePort,
  type RunningProcess,
  startServiceProcess,
  type TestDatabase,
  textMessage,
} from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The gateway and the pro service as real processes, a real database, and the fake
 * Bot API: one update travels gateway -> service -> Postgres -> a reply on "Telegram".
 */
describe('end to end: gateway and pro service as processes', () => {
  let database: TestDatabase;
  let telegram: FakeTelegram;
  let pro: RunningProcess;
  let gateway: RunningProcess;
  let gatewayUrl: string;
  const secret = 'e2e-pro-webhook-secret-0123456789abcdef';

  beforeAll(async () => {
    database = await createTestDatabase();
    telegram = await startFakeTelegram();
    const [proPort, gatewayPort] = [await freePort(), await freePort()];
    // Started side by side: each is a tsx start of its own, slow on two loaded cores. Each is
    // kept as soon as it is up, so afterAll stops it even if the other failed to start.
    await Promise.all([
      startServiceProcess({
        entry: 'services/pro/src/main.ts',
        env: {
          TG_TOKEN_PRO: '2000002:E2E-token',
          TG_WEBHOOK_SECRET_PRO: secret,
          DATABASE_URL: database.url,
          TELEGRAM_API_ROOT: telegram.apiRoot,
          ADMIN_IDS: '31337',
          HOST: '127.0.0.1',
          PORT: String(proPort),
        },
        healthUrl: `http://127.0.0.1:${proPort}/health`,
      }).then((started) => {
        pro = started;
      }),
      startServiceProcess({
        entry: 'services/gateway/src/main.ts',
        env: {
          SERVICE_URL_PRO: `http://127.0.0.1:${proPort}`,
          TG_WEBHOOK_SECRET_PRO: secret,
          HOST: '127.0.0.1',
          PORT: String(gatewayPort),
        },
        healthUrl: `http://127.0.0.1:${gatewayPort}/health`,
      }).then((started) => {
        gateway = started;
      }),
    ]);
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  }, 90_000);

  afterAll(async () => {
    await gateway?.stop('SIGKILL');
    await pro?.stop('SIGKILL');
    await telegram?.close();
    await database?.destroy();
  });

  it('answers an update sent to the gateway with a reply on Telegram and a row in Postgres', async () => {
    // An admin opening the admin panel: a reply on Telegram and a state row in Postgres.
    const update = textMessage({ id: 31337, first_name: 'Ира' }, '/admin');
    const response = await fetch(`${gatewayUrl}/webhook/pro`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
      body: JSON.stringify(update),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });

    // The reply goes out right after the webhook is answered.
    const [reply] = await telegram.waitForCalls('sendMessage');
    expect(reply?.params.chat_id).toBe(31337);
    expect(reply?.token).toBe('2000002:E2E-token');
    expect(reply?.params.text).toMatch(/^🛠 Админ-панель/);
    const dedup = await database.db.selectFrom('telegram_update_dedup').selectAll().execute();
    expect(dedup.map((row) => [row.bot_id, row.update_id])).toEqual([['pro', update.update_id]]);
    const state = await database.db.selectFrom('bot_chat_state').selectAll().executeTakeFirst();
    expect(state).toMatchObject({ bot_id: 'pro', chat_id: 31337, state: 'admin_panel' });
  });

  it('shows the pro service as up on the gateway health page', async () => {
    const health = await (await fetch(`${gatewayUrl}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', services: { pro: 'up', screen: 'disabled' } });
  });

  it('finishes sending a reply still in flight when both processes get SIGTERM, then exits 0', async () => {
    // Telegram answering slowly keeps the reply in flight inside pro while the signals land.
    telegram.setLatency(800);
    let answered = 0;
    telegram.respond('sendMessage', () => {
      answered++;
      return undefined;
    });
    const repliesBefore = telegram.callsTo('sendMessage').length;
    const inFlight = fetch(`${gatewayUrl}/webhook/pro`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
      body: JSON.stringify(textMessage({ id: 31337, first_name: 'Ира' }, '/admin')),
    });
    await telegram.waitForCalls('sendMessage', repliesBefore + 1);
    const exits = Promise.all([gateway.stop('SIGTERM'), pro.stop('SIGTERM')]);
    // Counted when pro is gone: the reply was answered by Telegram before pro exited.
    const answeredWhenProExited = pro.exited.then(() => answered);

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await exits).toEqual([0, 0]);
    expect(telegram.callsTo('sendMessage')).toHaveLength(repliesBefore + 1);
    expect(await answeredWhenProExited).toBe(1);
    expect(gateway.output.join('\n')).toContain('shut down cleanly');
  });
});

describe('a service started with a broken configuration', () => {
  it('exits 1 with one line naming the variable, and no value or stack trace', async () => {
    const pro = await startServiceProcess({
      entry: 'services/pro/src/main.ts',
      env: { TG_WEBHOOK_SECRET_PRO: 'has a space', DATABASE_URL: 'postgresql://x@127.0.0.1/x' },
    });
    expect(await pro.exited).toBe(1);
    expect(pro.output).toHaveLength(1);
    const line = JSON.parse(pro.output[0] ?? '{}');
    expect(line.msg).toBe(
      'Invalid configuration: TG_TOKEN_PRO is required; TG_WEBHOOK_SECRET_PRO must be 32-256 characters of A-Z, a-z, 0-9, _ and - (make one with: openssl rand -hex 32)',
    );
    expect(pro.output[0]).not.toContain('has a space');
    expect(pro.output[0]).not.toContain('    at ');
  });
});

describe('the one-shot migrate step (node dist/main.js --migrate)', () => {
  it('exits 0 once the database is migrated, without serving, even with everything a service needs configured', async () => {
    const database = await createTestDatabase();
    const port = await freePort();
    try {
      const pro = await startServiceProcess({
        entry: 'services/pro/src/main.ts',
        args: ['--migrate'],
        env: {
          TG_TOKEN_PRO: '2000002:E2E-token',
          TG_WEBHOOK_SECRET_PRO: secret(),
          DATABASE_URL: database.url,
          HOST: '127.0.0.1',
          PORT: String(port),
        },
      });
      expect(await pro.exited).toBe(0);
      // The test database is migrated already (a release with no new migration).
      // Every exit says why (issue 29); the two lines may reach stdout in either order.
      expect(pro.output.map((line) => JSON.parse(line).msg).sort()).toEqual([
        'database already up to date',
        'the --migrate step is done; exiting',
      ]);
    } finally {
      await database.destroy();
    }
  });

  it('refuses it in the gateway, which has no database, with one line instead of serving', async () => {
    const gateway = await startServiceProcess({
      entry: 'services/gateway/src/main.ts',
      args: ['--migrate'],
      env: { HOST: '127.0.0.1', PORT: String(await freePort()) },
    });
    expect(await gateway.exited).toBe(1);
    expect(gateway.output).toHaveLength(1);
    expect(JSON.parse(gateway.output[0] ?? '{}').msg).toMatch(/^the gateway has no database/);
  });
});

const secret = () => 'e2e-migrate-webhook-secret-0123456789abcdef';
