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
});
