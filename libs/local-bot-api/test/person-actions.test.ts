import { Api, InlineKeyboard } from 'grammy';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalBotApi, type LocalPerson, startLocalBotApi } from '../src/index';
import { startWebhookServer, type WebhookServer } from './webhook-servers';

const ANNA: LocalPerson = { id: 10_001, firstName: 'Анна', username: 'anna', languageCode: 'ru' };
const BOT = { token: '10000:person-bot', username: 'psy_pro_bot', firstName: 'PsycheOS Pro' };
const SECRET = 'the-webhook-secret-of-the-pro-bot';

let telegram: LocalBotApi;
let api: Api;
let webhook: WebhookServer;

beforeAll(async () => {
  telegram = await startLocalBotApi({ bots: [BOT], strictMessages: true });
  api = new Api(BOT.token, { apiRoot: telegram.apiRoot });
  webhook = await startWebhookServer();
  await api.setWebhook(webhook.url, { secret_token: SECRET });
});
afterEach(() => {
  webhook.received.length = 0;
});
afterAll(async () => {
  await telegram.close();
  await webhook.close();
});

describe('the person writes and presses buttons', () => {
  it('introduces the bot by the name it was given', async () => {
    expect(await api.getMe()).toMatchObject({
      id: 10_000,
      is_bot: true,
      username: 'psy_pro_bot',
      first_name: 'PsycheOS Pro',
    });
    expect(telegram.knownBots()).toEqual([BOT]);
  });

  it('delivers a /command as a message update with its bot_command entity and the secret', async () => {
    const sent = await telegram.sendText(BOT.username, ANNA, '/start invite-42');
    expect(sent).toEqual({ ok: true, messageId: expect.any(Number) });

    await vi.waitFor(() => expect(webhook.accepted()).toHaveLength(1));
    const [received] = webhook.received;
    expect(received?.secret).toBe(SECRET);
    expect(received?.update.message).toMatchObject({
      message_id: sent.ok ? sent.messageId : 0,
      from: {
        id: ANNA.id,
        is_bot: false,
        first_name: 'Анна',
        username: 'anna',
        language_code: 'ru',
      },
      chat: { id: ANNA.id, type: 'private', first_name: 'Анна' },
      text: '/start invite-42',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    });
    expect(telegram.chat(BOT.username, ANNA.id).messages.at(-1)).toMatchObject({
      from: 'person',
      text: '/start invite-42',
    });
  });

  it('numbers the updates of a bot one after another', async () => {
    await telegram.sendText(BOT.username, ANNA, 'раз');
    await telegram.sendText(BOT.username, ANNA, 'два');
    await vi.waitFor(() => expect(webhook.accepted()).toHaveLength(2));
    const [first, second] = webhook.accepted();
    expect(first?.message?.text).toBe('раз');
    expect(second?.update_id).toBe((first?.update_id ?? 0) + 1);
    expect(first?.message?.entities).toBeUndefined();
  });

  it('delivers a button press with the message it was pressed on', async () => {
    const question = await api.sendMessage(ANNA.id, 'Удалить кейс <b>К-7</b>?', {
      parse_mode: 'HTML',
      reply_markup: new InlineKeyboard()
        .text('Удалить', 'case:delete:7')
        .text('Оставить', 'case:keep:7'),
    });
    const pressed = await telegram.pressButton(
      BOT.username,
      ANNA,
      question.message_id,
      'case:keep:7',
    );
    expect(pressed.ok).toBe(true);

    await vi.waitFor(() => expect(webhook.accepted()).toHaveLength(1));
    const query = webhook.accepted()[0]?.callback_query;
    expect(query).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      from: { id: ANNA.id },
      chat_instance: expect.any(String),
      data: 'case:keep:7',
      message: {
        message_id: question.message_id,
        chat: { id: ANNA.id, type: 'private' },
        text: 'Удалить кейс К-7?',
      },
    });
  });

  it('shows what the bot answers a press with, each answer once, and refuses one over 200 characters', async () => {
    const question = await api.sendMessage(ANNA.id, 'Принять алерт?', {
      reply_markup: new InlineKeyboard().text('✅ Принято', 'crisis:ack:1'),
    });
    await telegram.pressButton(BOT.username, ANNA, question.message_id, 'crisis:ack:1');
    await vi.waitFor(() => expect(webhook.accepted()).toHaveLength(1));
    const queryId = webhook.accepted()[0]?.callback_query?.id ?? '';

    await expect(api.answerCallbackQuery(queryId, { text: 'я'.repeat(201) })).rejects.toThrow(
      /MESSAGE_TOO_LONG/,
    );
    await api.answerCallbackQuery(queryId, { text: '✅ Принято в 12:00', show_alert: true });
    const { notice } = telegram.chat(BOT.username, ANNA.id);
    expect(notice).toEqual({
      noticeId: expect.any(Number),
      text: '✅ Принято в 12:00',
      showAlert: true,
    });

    await telegram.pressButton(BOT.username, ANNA, question.message_id, 'crisis:ack:1');
    await vi.waitFor(() => expect(webhook.accepted()).toHaveLength(2));
    await api.answerCallbackQuery(webhook.accepted()[1]?.callback_query?.id ?? '', {
      text: 'Уже принято',
    });
    const next = telegram.chat(BOT.username, ANNA.id).notice;
    expect(next?.text).toBe('Уже принято');
    expect(next?.noticeId).not.toBe(notice?.noticeId);
  });

  it('refuses a press on a button the message does not have, or on a message that is not there', async () => {
    const sent = await api.sendMessage(ANNA.id, 'Без кнопок');
    expect(await telegram.pressButton(BOT.username, ANNA, sent.message_id, 'anything')).toEqual({
      ok: false,
      reason: `message ${sent.message_id} has no button with callback_data "anything"`,
    });
    expect(await telegram.pressButton(BOT.username, ANNA, 987_654, 'anything')).toEqual({
      ok: false,
      reason: 'there is no message 987654 from the bot in this chat',
    });
    expect(await telegram.sendText('nobody_bot', ANNA, 'привет')).toMatchObject({ ok: false });
    expect(webhook.received).toEqual([]);
  });

  it('shows the draft the bot streams until the bot sends its message, and wakes a long poll each time', async () => {
    const before = telegram.version();
    const changed = telegram.waitForChange(before, 5_000);
    await api.sendMessageDraft(ANNA.id, 3, 'Пишу отв');
    expect(await changed).toBeGreaterThan(before);
    expect(telegram.chat(BOT.username, ANNA.id).draft).toEqual({ draftId: 3, text: 'Пишу отв' });

    await api.sendMessage(ANNA.id, 'Пишу ответ целиком.');
    expect(telegram.chat(BOT.username, ANNA.id).draft).toBeUndefined();
  });

  it('lets a long poll go with the same version when nothing changed', async () => {
    const now = telegram.version();
    expect(await telegram.waitForChange(now, 50)).toBe(now);
  });
});
