import { Composer, HttpError } from 'grammy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildBotServiceApp, type PipelineContext, type ServiceDeps } from '../src';
import { retryNetworkErrors } from '../src/telegram/telegram-plugins';
import { type ServiceHarness, startServiceHarness, textMessage } from '../src/testing';

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

  const warnings = () =>
    harness.logLines.filter((line) => line.includes('Telegram refused a call')).length;

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
    const warningsBefore = warnings();

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
    // The retry waited the second Telegram asked for, within the webhook request.
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(warnings()).toBe(warningsBefore);
    const state = await harness.database.db
      .selectFrom('bot_chat_state')
      .select('state')
      .where('chat_id', '=', person.id)
      .executeTakeFirst();
    expect(state?.state).toBe('greeted');
  });

  it('does not wait for a retry_after beyond the limit: the refusal is logged, the webhook answers', async () => {
    const person = { id: ++nextPersonId };
    const refused = tooManyRequests(3600);
    const warningsBefore = warnings();

    const started = Date.now();
    const response = await harness.deliver(textMessage(person, 'hi'));

    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(refused).toEqual([1]);
    expect(harness.telegram.callsTo('sendMessage')).toHaveLength(1);
    expect(warnings()).toBe(warningsBefore + 1);
  });

  it('gives up after three retries when Telegram keeps refusing', async () => {
    const person = { id: ++nextPersonId };
    const refused = tooManyRequests(1, 10);
    const warningsBefore = warnings();

    const started = Date.now();
    const response = await harness.deliver(textMessage(person, 'hi'));

    expect(response.status).toBe(200);
    // The first attempt and three retries, all refused; the flush logs the last refusal.
    // The plugin also waits after the last refusal: four waits of a second here.
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(refused).toEqual([1, 2, 3, 4]);
    expect(harness.telegram.callsTo('sendMessage')).toHaveLength(4);
    expect(warnings()).toBe(warningsBefore + 1);
  });
});

describe('Telegram out of reach', () => {
  let harness: ServiceHarness;

  beforeAll(async () => {
    harness = await startServiceHarness({ botId: 'pro', buildApp });
    // getMe is kept after the first answer; then Telegram goes away.
    await harness.deps.telegram.botInfo();
    await harness.telegram.close();
  });
  afterAll(() => harness.close());

  it('does not retry a network error without end: the webhook answers and the failure is logged', async () => {
    const started = Date.now();
    const response = await harness.deliver(textMessage({ id: 7999 }, 'hi'));
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(harness.logLines.some((line) => line.includes('Telegram call failed'))).toBe(true);
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
