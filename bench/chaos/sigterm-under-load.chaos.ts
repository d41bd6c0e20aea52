import { createDatabase } from '@psycheos/db';
import { startFakeTelegram } from '@psycheos/local-bot-api';
import {
  createTemplateDatabase,
  databaseUrl,
  dropTemplateDatabase,
  freePort,
  startServiceProcess,
} from '@psycheos/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_TERMS_ENV, makeWorkload, registerSpecialists } from '../src/workload';

/**
 * SIGTERM to the gateway and the pro service while updates are in flight (a deploy): both
 * exit 0 after answering what they accepted; what they did not answer, Telegram delivers
 * again, and in the end every update is handled exactly once.
 */
describe('chaos: SIGTERM under load', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('answers what is in flight and exits cleanly', async () => {
    const templateName = await createTemplateDatabase();
    cleanup.push(() => dropTemplateDatabase(templateName));
    const url = databaseUrl(templateName);
    const telegram = await startFakeTelegram();
    cleanup.push(() => telegram.close());
    const [proPort, gatewayPort] = [await freePort(), await freePort()];
    const secret = 'sigterm-chaos-webhook-secret-0123456789';
    const proEnv = {
      TG_TOKEN_PRO: '7000007:SIGTERM-chaos',
      TG_WEBHOOK_SECRET_PRO: secret,
      DATABASE_URL: url,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      HOST: '127.0.0.1',
      PORT: String(proPort),
      ...BENCH_TERMS_ENV,
    };
    const pro = await startServiceProcess({
      entry: 'services/pro/src/main.ts',
      env: proEnv,
      healthUrl: `http://127.0.0.1:${proPort}/health`,
    });
    cleanup.push(() => pro.stop('SIGKILL'));
    const gateway = await startServiceProcess({
      entry: 'services/gateway/src/main.ts',
      env: {
        SERVICE_URL_PRO: `http://127.0.0.1:${proPort}`,
        TG_WEBHOOK_SECRET_PRO: secret,
        HOST: '127.0.0.1',
        PORT: String(gatewayPort),
      },
      healthUrl: `http://127.0.0.1:${gatewayPort}/health`,
    });
    cleanup.push(() => gateway.stop('SIGKILL'));

    const db = createDatabase({ url, max: 2 });
    cleanup.push(() => db.destroy());
    const chats = makeWorkload(100, 40_000_000, 80_000_000);
    await registerSpecialists(db, chats);

    // A hundred first steps at once; the signals land while they are being handled.
    const updates = chats.map((chat) => chat.updates[0]);
    const requests = updates.map((update) =>
      fetch(`http://127.0.0.1:${gatewayPort}/webhook/pro`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
      }).then(
        async (response) => {
          await response.arrayBuffer();
          return String(response.status);
        },
        (error: { cause?: { code?: string; message?: string } }) =>
          error.cause?.code ?? error.cause?.message ?? 'unknown',
      ),
    );
    // Signal once updates are seen in flight, not after a fixed sleep (on a busy machine none
    // had reached the gateway 20 ms in): the first reply at the fake Bot API means pro has
    // handled one update, and the rest are on their way through the gateway and pro.
    await telegram.waitForCalls('sendMessage', 1, 60_000);
    const exits = Promise.all([gateway.stop('SIGTERM'), pro.stop('SIGTERM')]);
    const statuses = await Promise.all(requests);

    expect(await exits).toEqual([0, 0]);
    // Whatever was not answered 200 (a 5xx, or a connection refused or reset while the
    // gateway closed) Telegram delivers again; here, to pro started again.
    const unanswered = updates.filter((_, index) => statuses[index] !== '200');
    expect(unanswered.length).toBeLessThan(updates.length);
    const again = await startServiceProcess({
      entry: 'services/pro/src/main.ts',
      env: { ...proEnv },
      healthUrl: `http://127.0.0.1:${proPort}/health`,
    });
    cleanup.push(() => again.stop('SIGKILL'));
    for (const update of [...unanswered, ...updates.slice(0, 10)]) {
      const response = await fetch(`http://127.0.0.1:${proPort}/webhook/pro`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
      });
      expect(response.status).toBe(200);
    }
    expect(await again.stop('SIGTERM')).toBe(0);

    // Every update recorded once, and every chat got its one menu: nothing lost, nothing doubled.
    const recorded = await db.selectFrom('telegram_update_dedup').select('update_id').execute();
    expect(recorded).toHaveLength(updates.length);
    const perChat = new Map<unknown, number>();
    for (const call of telegram.callsTo('sendMessage')) {
      perChat.set(call.params.chat_id, (perChat.get(call.params.chat_id) ?? 0) + 1);
    }
    expect(chats.every((chat) => perChat.get(chat.telegramId) === 1)).toBe(true);
  });
});
