import { type ServiceHarness, startServiceHarness, textMessage } from '@psycheos/testkit';
import { Composer, HttpError } from 'grammy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineContext } from '../src/pipeline/pipeline-context';
import { buildBotServiceApp, type ServiceDeps } from '../src/service/bot-service-app';
import { retryNetworkErrors } from '../src/telegram/telegram-plugins';

/** Writes the chat's state and replies, so a retried reply can be checked against the commit. */
function greeterBot() {
  const bot = new Composer<PipelineContext>();
  bot.on('message:text', async (ctx) => {
    await ctx.saveChatState({ state: 'greeted' });
    await ctx.reply('hello');
  });
  return bot;
}

const buildApp = (deps: ServiceDeps) => buildBotServiceApp(deps, greeterBot());

describe('Telegram pushing back (auto-retry)', () => {
  let harness: ServiceHarness;
  let nextPersonId = 7000;

  beforeAll(async () => {
    harness = await startServiceHarness({ botId: 'pro', buildApp });
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.telegram.reset());

  /** sendMessage is refused with 429 and this retry_after the first `times` times. */
  function tooManyRequests(retryAfter: number, times = 1) {
    let seen = 0;
    const refused: number[] = [];
    harness.telegram.respond('sendMessage', () => {
      seen += 1;
      if (seen > times) return undefined;
      refused.push(seen);
      return {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      };
    });
    return refused;
  }

  it('sends a deferred reply again after retry_after, so the person gets it exactly once', async () => {
    const person = { id: ++nextPersonId };
    const refused = tooManyRequests(1);
    const started = Date.now();
    const response = await harness.deliver(textMessage(person, 'hi'));
    const elapsed = Date.now() - started;

    expect(response).toEqual({ status: 200, body: { ok: true } });
    const sends = harness.telegram.callsTo('sendMessage');
    expect(sends).toHaveLength(2);
    expect(sends.map((call) => call.params)).toEqual([
      expect.objectContaining({ chat_id: person.id, text: 'hello' }),
      expect.objectContaining({ chat_id: person.id, text: 'hello' }),
    ]);
    // Only the first was refused: the person sees one message.
    expect(refused).toEqual([1]);
    // The retry waited the second Telegram asked for, within the one send.
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    const state = await harness.database.db
      .selectFrom('bot_chat_state')
      .select('state')
      .where('chat_id', '=', person.id)
      .executeTakeFirst();
    expect(state?.state).toBe('greeted');
  });
});

describe('retryNetworkErrors', () => {
  it('tries a call that never reached Telegram a few times, then gives up', async () => {
    let calls = 0;
    const flaky = (failures: number) => async () => {
      calls++;
      if (calls <= failures)
        throw new HttpError('Network request failed', new Error('socket hang up'));
      return { ok: true as const, result: true };
    };
    const retry = retryNetworkErrors(3, 1);

    calls = 0;
    // biome-ignore lint/suspicious/noExplicitAny: a stand-in for grammY's internal `prev`
    expect(await retry(flaky(2) as any, 'sendMessage', { chat_id: 1, text: 'x' })).toEqual({
      ok: true,
      result: true,
    });
    expect(calls).toBe(3);

    calls = 0;
    // biome-ignore lint/suspicious/noExplicitAny: as above
    await expect(retry(flaky(5) as any, 'sendMessage', { chat_id: 1, text: 'x' })).rejects.toThrow(
      'Network request failed',
    );
    expect(calls).toBe(3);
  });
});
