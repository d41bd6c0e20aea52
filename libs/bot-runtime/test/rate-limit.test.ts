import type { Transformer } from 'grammy';
import { describe, expect, it } from 'vitest';
import { rateLimit } from '../src/telegram/rate-limit';

/** A clock that moves only when a call waits, so the schedule can be read exactly. */
function virtualTime() {
  let time = 0;
  return {
    now: () => time,
    sleep: async (ms: number) => {
      time += ms;
    },
  };
}

/** Sends calls one after another through the limiter; returns when each reached "Telegram". */
async function sendAll(limit: Transformer, clock: { now(): number }, chats: (number | null)[]) {
  const sentAt: number[] = [];
  const network = (async () => {
    sentAt.push(clock.now());
    return { ok: true, result: true };
  }) as unknown as Parameters<Transformer>[0];
  for (const chat of chats) {
    await limit(
      network,
      'sendMessage',
      (chat === null ? {} : { chat_id: chat, text: 'x' }) as never,
    );
  }
  return sentAt;
}

/**
 * A clock for calls made at once: sleeping registers a wake-up, and run() moves time to
 * the next wake-up whenever nothing else can proceed, until every call has gone out.
 */
function virtualScheduler() {
  let time = 0;
  const wakeUps: Array<{ at: number; wake: () => void }> = [];
  const idle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    now: () => time,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        wakeUps.push({ at: time + ms, wake });
      }),
    async run(work: Promise<unknown>) {
      let done = false;
      void work.finally(() => {
        done = true;
      });
      while (!done) {
        await idle();
        wakeUps.sort((x, y) => x.at - y.at);
        const next = wakeUps.shift();
        if (!next) continue;
        time = next.at;
        next.wake();
      }
    },
  };
}

describe('rate limit', () => {
  it('lets a second’s worth of calls out at once, then spaces the rest evenly', async () => {
    const clock = virtualTime();
    const limit = rateLimit({ perSecond: 4, perChatIntervalMs: 0, ...clock });
    const sentAt = await sendAll(limit, clock, [1, 2, 3, 4, 5, 6, 7]);
    expect(sentAt).toEqual([0, 0, 0, 0, 250, 500, 750]);
  });

  it('spaces one chat’s calls by the interval, and other chats do not wait for it', async () => {
    const clock = virtualTime();
    const limit = rateLimit({ perSecond: 1000, perChatIntervalMs: 1000, ...clock });
    const sentAt = await sendAll(limit, clock, [7, 7, 8, 7]);
    // chat 7 at 0 and 1000; chat 8 goes at once (it was free); chat 7 again one second later.
    expect(sentAt).toEqual([0, 1000, 1000, 2000]);
  });

  it('counts calls without a chat (getMe, webhooks) against the bot’s budget only', async () => {
    const clock = virtualTime();
    const limit = rateLimit({ perSecond: 2, perChatIntervalMs: 1000, ...clock });
    const sentAt = await sendAll(limit, clock, [null, null, null]);
    expect(sentAt).toEqual([0, 0, 500]);
  });

  it('refills the budget while the bot is quiet', async () => {
    const clock = virtualTime();
    const limit = rateLimit({ perSecond: 2, perChatIntervalMs: 0, ...clock });
    await sendAll(limit, clock, [1, 2]);
    await clock.sleep(5_000);
    const sentAt = await sendAll(limit, clock, [3, 4, 5]);
    expect(sentAt).toEqual([5_000, 5_000, 5_500]);
  });

  it('counts a chat’s interval from when its last call really started, calls made at once', async () => {
    const clock = virtualScheduler();
    const limit = rateLimit({ perSecond: 2, perChatIntervalMs: 1000, ...clock });
    const sent: Array<[number, number]> = [];
    const network = (async (_method: string, payload: { chat_id: number }) => {
      sent.push([payload.chat_id, clock.now()]);
      return { ok: true, result: true };
    }) as unknown as Parameters<Transformer>[0];
    const call = (chat: number) =>
      limit(network, 'sendMessage', { chat_id: chat, text: 'x' } as never);
    // Chats 1 and 2 spend the budget; chat 3's first call waits for it, its second for the chat.
    await clock.run(Promise.all([call(1), call(2), call(3), call(3)]));
    expect(sent).toEqual([
      [1, 0],
      [2, 0],
      [3, 500],
      [3, 1500],
    ]);
  });
});

describe('rate limit: bursts and calls Telegram does not count', () => {
  it('lets a chat have a short burst at once, then spaces its calls by the interval', async () => {
    const clock = virtualTime();
    const limit = rateLimit({
      perSecond: 1000,
      perChatIntervalMs: 1000,
      perChatBurst: 3,
      ...clock,
    });
    const sentAt = await sendAll(limit, clock, [7, 7, 7, 7, 7]);
    expect(sentAt).toEqual([0, 0, 0, 1000, 2000]);
  });

  it('sends query answers and reads at once, whatever waits for the budget', async () => {
    const clock = virtualScheduler();
    const limit = rateLimit({ perSecond: 1, perChatIntervalMs: 1000, ...clock });
    const sent: Array<[string, number]> = [];
    const network = (async (method: string) => {
      sent.push([method, clock.now()]);
      return { ok: true, result: true };
    }) as unknown as Parameters<Transformer>[0];
    const message = (chat: number) =>
      limit(network, 'sendMessage', { chat_id: chat, text: 'x' } as never);
    const answer = () => limit(network, 'answerCallbackQuery', { callback_query_id: 'q' } as never);
    // Three messages spend the budget for seconds; the answer and the read do not wait.
    await clock.run(
      Promise.all([
        message(1),
        message(2),
        message(3),
        answer(),
        limit(network, 'getMe', {} as never),
      ]),
    );
    const times = (method: string) => sent.filter(([m]) => m === method).map(([, at]) => at);
    expect(times('answerCallbackQuery')).toEqual([0]);
    expect(times('getMe')).toEqual([0]);
    expect(times('sendMessage')).toEqual([0, 1000, 2000]);
  });
});
