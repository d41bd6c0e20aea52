import { setTimeout as sleep } from 'node:timers/promises';
import { Api } from 'grammy';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../src/index';

const BOT_TOKEN = '8300:gated-bot';
const HELD_CHAT = 8301;
const OTHER_CHAT = 8302;

let telegram: FakeTelegram;
let api: Api;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  api = new Api(BOT_TOKEN, { apiRoot: telegram.apiRoot });
});
afterEach(() => telegram.reset());
afterAll(() => telegram.close());

const toChat = (chatId: number) => (call: { params: Record<string, unknown> }) =>
  call.params.chat_id === chatId;
const sentTexts = () => telegram.callsTo('sendMessage').map((call) => call.params.text);

/** Resolves with whether `promise` settled within a short while. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  const settled = await Promise.race([promise.then(() => true), sleep(200).then(() => false)]);
  return settled;
}

describe('gates a test holds calls at (hold)', () => {
  it('records a held call as it arrives and answers it only when the gate opens, while other chats pass', async () => {
    const gate = telegram.hold(toChat(HELD_CHAT));
    const held = api.sendMessage(HELD_CHAT, 'держим');
    await telegram.waitForCalls('sendMessage');
    await api.sendMessage(OTHER_CHAT, 'проходит');

    expect(sentTexts()).toEqual(['держим', 'проходит']);
    expect(await hasSettled(held)).toBe(false);
    gate.open();
    expect(await held).toMatchObject({ text: 'держим' });
  });

  it('closes again as the call it was opened until arrives, so later matching calls wait', async () => {
    const gate = telegram.hold(toChat(HELD_CHAT));
    gate.open({ until: toChat(OTHER_CHAT) });
    await api.sendMessage(HELD_CHAT, 'до');
    await api.sendMessage(OTHER_CHAT, 'сигнал');
    const after = api.sendMessage(HELD_CHAT, 'после');

    expect(await hasSettled(after)).toBe(false);
    gate.open();
    expect(await after).toMatchObject({ text: 'после' });
  });

  it('lets every held call go on reset, so none outlives a test', async () => {
    telegram.hold(toChat(HELD_CHAT));
    const held = api.sendMessage(HELD_CHAT, 'забытый');
    await telegram.waitForCalls('sendMessage');
    telegram.reset();
    expect(await held).toMatchObject({ text: 'забытый' });
  });
});
