import { Api } from 'grammy';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type LocalBotApi, type LocalPerson, startLocalBotApi } from '../src/index';
import { startWebhookServer, type WebhookServer } from './webhook-servers';

const CLARA: LocalPerson = { id: 12_001, firstName: 'Клара' };
const FLAKY = { token: '12000:flaky-bot', username: 'flaky_bot', firstName: 'Сбоит' };
const STEADY = { token: '12500:steady-bot', username: 'steady_bot', firstName: 'Работает' };

let telegram: LocalBotApi | undefined;
const servers: WebhookServer[] = [];

afterEach(async () => {
  await telegram?.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function botWithWebhook(
  bot: typeof FLAKY,
  answer?: Parameters<typeof startWebhookServer>[0],
) {
  const webhook = await startWebhookServer(answer);
  servers.push(webhook);
  await new Api(bot.token, { apiRoot: telegram?.apiRoot }).setWebhook(webhook.url);
  return webhook;
}

const textsOf = (webhook: WebhookServer) =>
  webhook.received.map((seen) => `${seen.update.message?.text}:${seen.status}`);

describe('delivering updates to a webhook', () => {
  it('tries again when the webhook fails, and delivers every update once accepted, in order', async () => {
    telegram = await startLocalBotApi({ bots: [FLAKY] });
    // The bot's service answers 500 twice (a deploy in progress), then comes back.
    let failuresLeft = 2;
    const webhook = await botWithWebhook(FLAKY, () => (failuresLeft-- > 0 ? 500 : 200));

    await telegram.sendText(FLAKY.username, CLARA, 'первое');
    await telegram.sendText(FLAKY.username, CLARA, 'второе');

    await vi.waitFor(() => expect(webhook.accepted()).toHaveLength(2), { timeout: 15_000 });
    expect(textsOf(webhook)).toEqual(['первое:500', 'первое:500', 'первое:200', 'второе:200']);
    const [first, second] = webhook.accepted();
    expect(second?.update_id).toBe((first?.update_id ?? 0) + 1);
  });

  it('keeps a failing bot from holding up another bot', async () => {
    telegram = await startLocalBotApi({ bots: [FLAKY, STEADY] });
    const down = await botWithWebhook(FLAKY, () => 503);
    const up = await botWithWebhook(STEADY);

    await telegram.sendText(FLAKY.username, CLARA, 'ты тут?');
    await telegram.sendText(STEADY.username, CLARA, 'а ты?');

    await vi.waitFor(() => expect(up.accepted()).toHaveLength(1));
    expect(down.accepted()).toEqual([]);
    const info = await new Api(FLAKY.token, { apiRoot: telegram.apiRoot }).getWebhookInfo();
    expect(info).toMatchObject({ url: down.url, pending_update_count: 1 });
  });

  it('holds updates while the bot has no webhook, and delivers them once it sets one', async () => {
    telegram = await startLocalBotApi({ bots: [STEADY] });
    await telegram.sendText(STEADY.username, CLARA, 'пока тебя не было');

    const webhook = await botWithWebhook(STEADY);
    await vi.waitFor(() => expect(webhook.accepted()).toHaveLength(1));
    expect(webhook.accepted()[0]?.message?.text).toBe('пока тебя не было');
  });

  it('sends a bot only the update types it asked for in allowed_updates', async () => {
    telegram = await startLocalBotApi({ bots: [STEADY] });
    const webhook = await startWebhookServer();
    servers.push(webhook);
    const api = new Api(STEADY.token, { apiRoot: telegram.apiRoot });
    await api.setWebhook(webhook.url, { allowed_updates: ['callback_query'] });
    const question = await api.sendMessage(CLARA.id, 'Да?', {
      reply_markup: { inline_keyboard: [[{ text: 'Да', callback_data: 'yes' }]] },
    });

    await telegram.sendText(STEADY.username, CLARA, 'это сообщение бот не просил');
    await telegram.pressButton(STEADY.username, CLARA, question.message_id, 'yes');

    await vi.waitFor(() => expect(webhook.accepted()).toHaveLength(1));
    expect(webhook.accepted()[0]?.callback_query?.data).toBe('yes');
  });
});
