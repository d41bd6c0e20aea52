import { freePort, startServiceProcess, textMessage } from '@psycheos/testkit';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useChaosFixture } from './fixture';

const CHATS = 300;
const FIRST_CHAT = 60_000_000;
const SECRET = 'chaos-replies-webhook-secret-0123456789';

/**
 * kill -9 of the pro service while a burst of /start updates, all answered 200, still has
 * replies waiting for Telegram's pace (30 messages/s: 300 replies take ten seconds). The
 * replies are in the reply outbox, so the restarted service sends them: every chat hears
 * back exactly once, but for the few calls in flight at the moment of the kill.
 */
describe('chaos: pro killed with SIGKILL while replies are pending', () => {
  const chaos = useChaosFixture();

  const startPro = async (port: number) => {
    const running = await startServiceProcess({
      entry: 'services/pro/src/main.ts',
      env: {
        TG_TOKEN_PRO: '5000015:CHAOS-replies',
        TG_WEBHOOK_SECRET_PRO: SECRET,
        DATABASE_URL: chaos.url,
        TELEGRAM_API_ROOT: chaos.telegram.apiRoot,
        // Telegram's own pace, as in production.
        TELEGRAM_MAX_PER_SECOND: '30',
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      healthUrl: `http://127.0.0.1:${port}/health`,
    });
    chaos.processes.push(running);
    return running;
  };

  const pendingReplies = async () =>
    (
      await chaos.db
        .selectFrom('reply_outbox')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow()
    ).n;

  it('sends every committed reply after the restart, each chat’s once', async () => {
    const port = await freePort();
    const pro = await startPro(port);
    // When each reply reached "Telegram", to tell the calls in flight at the kill from the rest.
    const firstArrival = new Map<number, number>();
    chaos.telegram.respond('sendMessage', (params) => {
      const chat = Number(params.chat_id);
      if (!firstArrival.has(chat)) firstArrival.set(chat, performance.now());
      return undefined;
    });

    const chats = Array.from({ length: CHATS }, (_, i) => FIRST_CHAT + i);
    const statuses = await Promise.all(
      chats.map(async (chat) => {
        const response = await fetch(`http://127.0.0.1:${port}/webhook/pro`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-telegram-bot-api-secret-token': SECRET,
          },
          body: JSON.stringify(textMessage({ id: chat }, '/start')),
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);

    // Killed once Telegram has had some of the replies, well before it has had them all.
    await chaos.telegram.waitForCalls('sendMessage', 30, 30_000);
    pro.child.kill('SIGKILL');
    const killedAt = performance.now();
    await pro.exited;
    const sentBeforeKill = chaos.telegram.callsTo('sendMessage').length;
    expect(sentBeforeKill).toBeLessThan(CHATS);
    expect(await pendingReplies()).toBeGreaterThan(0);

    await startPro(port);
    await chaos.telegram.waitForCalls('sendMessage', CHATS, 60_000);
    for (let i = 0; i < 100 && (await pendingReplies()) > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await pendingReplies()).toBe(0);

    const repliesPerChat = new Map<number, number>();
    for (const call of chaos.telegram.callsTo('sendMessage')) {
      const chat = Number(call.params.chat_id);
      repliesPerChat.set(chat, (repliesPerChat.get(chat) ?? 0) + 1);
    }
    // Nobody was left without an answer.
    expect(chats.filter((chat) => !repliesPerChat.has(chat))).toEqual([]);
    // Twice only for calls in flight at the kill: Telegram had them, their rows were not yet
    // deleted. Each sent row is deleted in the sender's next round trip, so only replies that
    // reached Telegram in the last moment before the kill may come again (a second is a
    // generous bound on a busy machine; at 30 messages/s the sender deletes within a few ms).
    const twice = chats.filter((chat) => (repliesPerChat.get(chat) ?? 0) > 1);
    console.log(
      `replies sent before the kill: ${sentBeforeKill} of ${CHATS}; sent twice: ${twice.length}`,
    );
    const firstSentLongBeforeKill = twice.filter(
      (chat) => (firstArrival.get(chat) ?? 0) < killedAt - 1_000,
    );
    expect(firstSentLongBeforeKill).toEqual([]);
    expect(chats.some((chat) => (repliesPerChat.get(chat) ?? 0) > 2)).toBe(false);
  }, 150_000);
});
