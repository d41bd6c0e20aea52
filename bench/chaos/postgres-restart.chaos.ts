import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from '@psycheos/db';
import { startFakeTelegram } from '@psycheos/local-bot-api';
import { type LocalPostgres, startLocalPostgres } from '@psycheos/local-postgres';
import { freePort, type RunningProcess, startServiceProcess } from '@psycheos/testkit';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_TERMS_ENV, makeWorkload, registerSpecialists } from '../src/workload';

/**
 * PostgreSQL stopped and started again under load (a real cluster of this test's own):
 * the service answers 5xx meanwhile and does not crash, its pool recovers by itself, and
 * after Telegram's redelivery no update is lost and none handled twice.
 */
describe('chaos: PostgreSQL restarted during load', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('answers 5xx during the outage, recovers without a restart, loses and doubles nothing', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'psycheos-pg-chaos-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const pgPort = await freePort();
    const quiet = () => {};
    let postgres: LocalPostgres = await startLocalPostgres({ dataDir, port: pgPort, log: quiet });
    // Under root the cluster may live outside dataDir (where the postgres account can reach it).
    cleanup.push(() => rm(postgres.clusterDir, { recursive: true, force: true }));
    cleanup.push(() => postgres.stop());
    const telegram = await startFakeTelegram();
    cleanup.push(() => telegram.close());
    const port = await freePort();
    const secret = 'pg-chaos-webhook-secret-0123456789abcdef';
    const pro: RunningProcess = await startServiceProcess({
      entry: 'services/pro/src/main.ts',
      env: {
        TG_TOKEN_PRO: '6000006:PG-chaos',
        ...BENCH_TERMS_ENV,
        TG_WEBHOOK_SECRET_PRO: secret,
        DATABASE_URL: postgres.url,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      healthUrl: `http://127.0.0.1:${port}/health`,
      timeoutMs: 60_000,
    });
    cleanup.push(() => pro.stop('SIGKILL'));
    const db = createDatabase({ url: postgres.url, max: 2 });

    const chats = makeWorkload(40, 30_000_000, 60_000_000);
    await registerSpecialists(db, chats);
    await db.destroy();
    const post = async (body: unknown) => {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/webhook/pro`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-telegram-bot-api-secret-token': secret,
          },
          body: JSON.stringify(body),
        });
        await response.arrayBuffer();
        return response.status;
      } catch {
        return 0;
      }
    };

    const refused: unknown[] = [];
    const outageStatuses: number[] = [];
    for (let group = 0; group < chats.length / 10; group++) {
      if (group === 1) await postgres.stop();
      if (group === 3) postgres = await startLocalPostgres({ dataDir, port: pgPort, log: quiet });
      const members = chats.slice(group * 10, group * 10 + 10);
      for (let step = 0; step < 5; step++) {
        const batch = members.map((chat) => chat.updates[step]);
        const answers = await Promise.all(batch.map((update) => post(update)));
        answers.forEach((status, index) => {
          if (group === 1 || group === 2) outageStatuses.push(status);
          if (status !== 200) refused.push(batch[index]);
        });
      }
    }
    expect(outageStatuses.length).toBeGreaterThan(0);
    expect(outageStatuses.every((status) => status >= 500)).toBe(true);
    expect(pro.child.exitCode).toBeNull();
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);

    for (const update of [...refused, ...refused.slice(0, 5)]) expect(await post(update)).toBe(200);
    const check = createDatabase({ url: postgres.url, max: 2 });
    cleanup.push(() => check.destroy());
    const recorded = await check
      .selectFrom('telegram_update_dedup')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(recorded.n).toBe(chats.length * 5);
    const names = (await check.selectFrom('contexts').select('client_ref').execute()).map(
      (c) => c.client_ref,
    );
    expect(new Set(names).size).toBe(names.length);
    // Chats that never met the outage each have their one case.
    for (const chat of [...chats.slice(0, 10), ...chats.slice(30)]) {
      expect(names).toContain(`Кейс ${chat.telegramId - 30_000_000}`);
    }
  }, 180_000);
});
