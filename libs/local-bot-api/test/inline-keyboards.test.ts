import { Api, GrammyError, InlineKeyboard } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBotApi, startLocalBotApi } from '../src/index';

const PERSON = 6001;
const BOT = { token: '6000:keyboard-bot', username: 'keyboard_bot', firstName: 'Кнопки' };

let telegram: LocalBotApi;
let api: Api;

beforeAll(async () => {
  telegram = await startLocalBotApi({ bots: [BOT], strictMessages: true });
  api = new Api(BOT.token, { apiRoot: telegram.apiRoot });
});
afterAll(() => telegram.close());

const sendWithButton = (button: InlineKeyboardButton) =>
  api.sendMessage(PERSON, 'Выберите', { reply_markup: { inline_keyboard: [[button]] } }).then(
    () => 'accepted',
    (error: unknown) => (error instanceof GrammyError ? error.description : String(error)),
  );

describe('inline keyboards, as Telegram checks them', () => {
  it('refuses callback_data of 65 bytes, and takes 64 bytes of Cyrillic (32 letters)', async () => {
    expect(await sendWithButton({ text: 'Да', callback_data: 'x'.repeat(65) })).toBe(
      'Bad Request: BUTTON_DATA_INVALID',
    );
    expect(await sendWithButton({ text: 'Да', callback_data: 'я'.repeat(33) })).toBe(
      'Bad Request: BUTTON_DATA_INVALID',
    );
    expect(await sendWithButton({ text: 'Да', callback_data: 'я'.repeat(32) })).toBe('accepted');
  });

  it('refuses empty callback_data', async () => {
    expect(await sendWithButton({ text: 'Да', callback_data: '' })).toBe(
      'Bad Request: BUTTON_DATA_INVALID',
    );
  });

  it('refuses a button with no action, or with two', async () => {
    expect(await sendWithButton({ text: 'Просто текст' } as InlineKeyboardButton)).toBe(
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
    const twoActions = { text: 'Два', callback_data: 'a', url: 'https://example.org' };
    expect(await sendWithButton(twoActions as InlineKeyboardButton)).toMatch(
      /^Bad Request: can't parse inline keyboard button: exactly one of the optional fields/,
    );
  });

  it('opens Mini Apps over https, and over http only on this machine (the playground)', async () => {
    expect(await sendWithButton({ text: 'Панель', web_app: { url: 'http://example.org/' } })).toBe(
      'Bad Request: BUTTON_URL_INVALID',
    );
    for (const url of [
      'https://example.org/',
      'http://localhost:5173/',
      'http://127.0.0.1:8080/',
    ]) {
      expect(await sendWithButton({ text: 'Панель', web_app: { url } })).toBe('accepted');
    }
  });

  it('keeps the keyboard with the message, for the page and for button presses', async () => {
    const keyboard = new InlineKeyboard().text('Да', 'answer:yes').text('Нет', 'answer:no');
    const sent = await api.sendMessage(PERSON, 'Продолжить?', { reply_markup: keyboard });
    const kept = telegram.chat(BOT.username, PERSON).messages.at(-1);
    expect(kept).toMatchObject({
      messageId: sent.message_id,
      from: 'bot',
      text: 'Продолжить?',
      inlineKeyboard: [
        [
          { text: 'Да', callback_data: 'answer:yes' },
          { text: 'Нет', callback_data: 'answer:no' },
        ],
      ],
    });
    expect(sent.reply_markup?.inline_keyboard).toEqual(keyboard.inline_keyboard);
  });

  it('sets the reply keyboard of the chat, and removes it when the bot says so', async () => {
    await api.sendMessage(PERSON, 'Меню', {
      reply_markup: { keyboard: [[{ text: '📁 Кейсы' }, { text: '⚙️ Настройки' }]] },
    });
    expect(telegram.chat(BOT.username, PERSON).replyKeyboard).toEqual([
      [{ text: '📁 Кейсы' }, { text: '⚙️ Настройки' }],
    ]);
    await api.sendMessage(PERSON, 'Меню скрыто', { reply_markup: { remove_keyboard: true } });
    expect(telegram.chat(BOT.username, PERSON).replyKeyboard).toBeUndefined();
  });
});
