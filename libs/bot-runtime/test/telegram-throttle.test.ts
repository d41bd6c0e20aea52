import { type ServiceHarness, startServiceHarness, textMessage } from '@psycheos/testkit';
import { Composer } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineContext } from '../src/pipeline/pipeline-context';
import { buildBotServiceApp, type ServiceDeps } from '../src/service/bot-service-app';

/** How much later than it was sent a call may reach the fake Bot API on a busy machine. */
const ARRIVAL_JITTER_MS = 40;

const bot = new Composer<PipelineContext>();
bot.on('message:text', async (ctx) => {
  for (const n of [1, 2, 3, 4]) await ctx.reply(`часть ${n}`);
});
const buildApp = (deps: ServiceDeps) => buildBotServiceApp(deps, bot);

/**
 * Outgoing messages keep to Telegram's pace: one chat gets a short burst (three, by
 * default) and then its replies are spaced out (here 300 ms apart, as configured);
 * other chats are not held up behind them.
 */
describe('outgoing throttle', () => {
  let harness: ServiceHarness;

  beforeAll(async () => {
    harness = await startServiceHarness({
      botId: 'screen',
      buildApp,
      env: { TELEGRAM_CHAT_INTERVAL_MS: '300', TELEGRAM_MAX_PER_SECOND: '30' },
    });
  });
  afterAll(() => harness.close());

  it('sends a chat’s first three messages together, spaces the rest, and sends every one in order', async () => {
    const arrivals: Array<{ chat: unknown; at: number }> = [];
    harness.telegram.respond('sendMessage', (params) => {
      arrivals.push({ chat: params.chat_id, at: Date.now() });
      return undefined;
    });
    await Promise.all([
      harness.deliver(textMessage({ id: 9101 }, 'раз')),
      harness.deliver(textMessage({ id: 9102 }, 'два')),
    ]);
    const parts = ['часть 1', 'часть 2', 'часть 3', 'часть 4'];
    expect(harness.telegram.textsSentTo(9101)).toEqual(parts);
    expect(harness.telegram.textsSentTo(9102)).toEqual(parts);
    const first = arrivals.filter((a) => a.chat === 9101).map((a) => a.at);
    // Spacing is the behaviour under test (Telegram's per-chat limit), not a speed figure:
    // the first three went as one burst, the fourth waited its interval.
    const [one = 0, , three = 0, four = 0] = first;
    expect(three - one).toBeLessThan(250);
    // Measured where the calls arrive, so the first one's trip may eat into the gap a little.
    expect(four - one).toBeGreaterThanOrEqual(250 - ARRIVAL_JITTER_MS);
    // The two chats were served side by side, not one after the other.
    const second = arrivals.filter((a) => a.chat === 9102).map((a) => a.at);
    expect(Math.abs((second[0] ?? 0) - (first[0] ?? 0))).toBeLessThan(250);
  });
});
