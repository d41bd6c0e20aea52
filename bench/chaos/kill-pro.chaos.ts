import { freePort, startServiceProcess } from '@psycheos/testkit';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { BENCH_TERMS_ENV, makeWorkload, registerSpecialists } from '../src/workload';
import { useChaosFixture } from './fixture';

/**
 * kill -9 of the pro service under load: the gateway answers 5xx for pro while screen
 * keeps answering 200; once pro is back and the refused updates are delivered again
 * (as Telegram does), every update has been handled exactly once.
 */
describe('chaos: pro killed with SIGKILL during load', () => {
  const chaos = useChaosFixture();
  const secrets = {
    pro: 'chaos-pro-webhook-secret-0123456789abcdef',
    screen: 'chaos-screen-webhook-secret-0123456789ab',
  };

  const startBot = async (bot: 'pro' | 'screen', port: number) => {
    const suffix = bot.toUpperCase();
    const running = await startServiceProcess({
      entry: `services/${bot}/src/main.ts`,
      env: {
        [`TG_TOKEN_${suffix}`]: bot === 'pro' ? '5000005:CHAOS-pro' : '5000006:CHAOS-screen',
        [`TG_WEBHOOK_SECRET_${suffix}`]: secrets[bot],
        DATABASE_URL: chaos.url,
        TELEGRAM_API_ROOT: chaos.telegram.apiRoot,
        HOST: '127.0.0.1',
        PORT: String(port),
        ...BENCH_TERMS_ENV,
      },
      healthUrl: `http://127.0.0.1:${port}/health`,
    });
    chaos.processes.push(running);
    return running;
  };

  it('refuses pro updates while it is down, keeps screen up, and handles each update once after', async () => {
    const [proPort, screenPort, gatewayPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    let pro = await startBot('pro', proPort);
    await startBot('screen', screenPort);
    const gateway = await startServiceProcess({
      entry: 'services/gateway/src/main.ts',
      env: {
        SERVICE_URL_PRO: `http://127.0.0.1:${proPort}`,
        SERVICE_URL_SCREEN: `http://127.0.0.1:${screenPort}`,
        TG_WEBHOOK_SECRET_PRO: secrets.pro,
        TG_WEBHOOK_SECRET_SCREEN: secrets.screen,
        HOST: '127.0.0.1',
        PORT: String(gatewayPort),
      },
      healthUrl: `http://127.0.0.1:${gatewayPort}/health`,
    });
    chaos.processes.push(gateway);

    const chats = makeWorkload(60, 20_000_000, 50_000_000);
    await registerSpecialists(chaos.db, chats);
    const proUpdates = chats.flatMap((chat) => chat.updates);
    const post = async (bot: 'pro' | 'screen', body: unknown) => {
      try {
        const response = await fetch(`http://127.0.0.1:${gatewayPort}/webhook/${bot}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-telegram-bot-api-secret-token': secrets[bot],
          },
          body: JSON.stringify(body),
        });
        await response.arrayBuffer();
        return response.status;
      } catch {
        return 0;
      }
    };

    // Ten chats at a time, each chat's steps in order. Pro is killed before the third group
    // and started again before the fifth: groups 3 and 4 meet a dead service.
    const refused: typeof proUpdates = [];
    const statuses: number[] = [];
    let killed = false;
    let screenStatusWhileDown = 0;
    for (let group = 0; group < chats.length / 10; group++) {
      if (group === 2) {
        pro.child.kill('SIGKILL');
        await pro.exited;
        killed = true;
        screenStatusWhileDown = await post('screen', {
          update_id: 1,
          message: {
            message_id: 1,
            date: 0,
            chat: { id: 7, type: 'private', first_name: 'К' },
            from: { id: 7, is_bot: false, first_name: 'К' },
            text: '/start',
          },
        });
      }
      if (group === 4) pro = await startBot('pro', proPort);
      const members = chats.slice(group * 10, group * 10 + 10);
      for (let step = 0; step < 5; step++) {
        const batch = members.map((chat) => chat.updates[step]).filter((u) => u !== undefined);
        const answers = await Promise.all(batch.map((update) => post('pro', update)));
        answers.forEach((status, index) => {
          statuses.push(status);
          const update = batch[index];
          if (status !== 200 && update) refused.push(update);
        });
      }
    }
    expect(killed).toBe(true);
    expect(screenStatusWhileDown).toBe(200);
    expect(refused.length).toBeGreaterThan(0);
    expect(
      statuses
        .filter((status) => status !== 200)
        .every((status) => [502, 503, 504].includes(status)),
    ).toBe(true);

    // Telegram delivers the refused updates again, some of them twice.
    for (const update of [...refused, ...refused.slice(0, 5)])
      expect(await post('pro', update)).toBe(200);

    const recorded = await chaos.db
      .selectFrom('telegram_update_dedup')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('bot_id', '=', 'pro')
      .executeTakeFirstOrThrow();
    expect(recorded.n).toBe(proUpdates.length);
    // No update's work was done twice: no case was created twice, and every chat whose
    // steps all arrived in order (none refused) has exactly its one case.
    const cases = await chaos.db.selectFrom('contexts').select('client_ref').execute();
    const names = cases.map((c) => c.client_ref);
    expect(new Set(names).size).toBe(names.length);
    const refusedIds = new Set(refused.map((update) => update.update_id));
    const untouched = chats.filter((chat) =>
      chat.updates.every((u) => !refusedIds.has(u.update_id)),
    );
    expect(untouched.length).toBeGreaterThan(0);
    for (const chat of untouched) {
      expect(names).toContain(`Кейс ${chat.telegramId - 20_000_000}`);
    }
  }, 120_000);
});
