import { setTimeout as sleep } from 'node:timers/promises';
import { Api, GrammyError } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBotApi, startLocalBotApi } from '../src/index';

const BOT_TOKEN = '8000:flooding-bot';

let telegram: LocalBotApi;
let api: Api;

beforeAll(async () => {
  telegram = await startLocalBotApi({ rateLimits: true });
  api = new Api(BOT_TOKEN, { apiRoot: telegram.apiRoot });
});
afterAll(() => telegram.close());

const floodRefusal = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: unknown) => {
      if (error instanceof GrammyError) return error;
      throw error;
    },
  );

describe('flood limits (rateLimits)', () => {
  it('takes a burst of three messages to one chat, answers the fourth 429 with retry_after, and takes it after the wait', async () => {
    const chat = 8001;
    for (const text of ['один', 'два', 'три']) await api.sendMessage(chat, text);

    const refused = await floodRefusal(api.sendMessage(chat, 'четыре'));
    expect(refused?.error_code).toBe(429);
    const retryAfter = refused?.parameters.retry_after ?? 0;
    expect(refused?.description).toBe(`Too Many Requests: retry after ${retryAfter}`);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);

    await sleep(retryAfter * 1_000);
    expect(await api.sendMessage(chat, 'четыре')).toMatchObject({ text: 'четыре' });
  });

  it('does not count what shows nothing in the chat: chat actions, drafts, getMe', async () => {
    const chat = 8002;
    for (let i = 0; i < 5; i++) {
      await api.sendChatAction(chat, 'typing');
      await api.sendMessageDraft(chat, 1, `черновик ${i}`);
      await api.getMe();
    }
    for (const text of ['один', 'два', 'три']) {
      expect(await api.sendMessage(chat, text)).toMatchObject({ text });
    }
  });

  it('holds each chat to its own limit', async () => {
    for (const chat of [8101, 8102, 8103]) {
      for (const text of ['один', 'два', 'три']) {
        expect(await api.sendMessage(chat, text)).toMatchObject({ text });
      }
    }
  });

  it('holds the bot to 30 messages a second across its chats', async () => {
    const busyBot = new Api('8500:busy-bot', { apiRoot: telegram.apiRoot });
    const chats = Array.from({ length: 60 }, (_, index) => 8501 + index);
    const answers = await Promise.all(
      chats.map((chat) => floodRefusal(busyBot.sendMessage(chat, 'рассылка'))),
    );
    const refusals = answers.filter((answer) => answer !== undefined);
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.every((refused) => refused.error_code === 429)).toBe(true);
  });
});
