import { Api, GrammyError, InlineKeyboard } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeTelegram,
  type LocalBotApi,
  startFakeTelegram,
  startLocalBotApi,
} from '../src/index';

const PERSON = 7001;
const BOT = { token: '7000:editing-bot', username: 'editing_bot', firstName: 'Правки' };

const refusal = (call: Promise<unknown>) =>
  call.then(
    () => 'accepted',
    (error: unknown) => (error instanceof GrammyError ? error.description : String(error)),
  );

describe('edits and deletes in the playground (strictMessages)', () => {
  let telegram: LocalBotApi;
  let api: Api;

  beforeAll(async () => {
    telegram = await startLocalBotApi({ bots: [BOT], strictMessages: true });
    api = new Api(BOT.token, { apiRoot: telegram.apiRoot });
  });
  afterAll(() => telegram.close());

  it('refuses an edit that changes nothing, as Telegram does', async () => {
    const keyboard = new InlineKeyboard().text('Ещё', 'more');
    const sent = await api.sendMessage(PERSON, '<b>Итог</b>', {
      parse_mode: 'HTML',
      reply_markup: keyboard,
    });
    const sameAgain = api.editMessageText(PERSON, sent.message_id, '<b>Итог</b>', {
      parse_mode: 'HTML',
      reply_markup: keyboard,
    });
    expect(await refusal(sameAgain)).toBe(
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
    expect(
      await refusal(
        api.editMessageReplyMarkup(PERSON, sent.message_id, { reply_markup: keyboard }),
      ),
    ).toMatch(/^Bad Request: message is not modified/);
  });

  it('keeps an edit: the new text, the keyboard dropped when the edit does not repeat it, and when', async () => {
    const sent = await api.sendMessage(PERSON, 'Думаю…', {
      reply_markup: new InlineKeyboard().text('Отмена', 'cancel'),
    });
    const edited = await api.editMessageText(PERSON, sent.message_id, 'Готово: <i>ответ</i>', {
      parse_mode: 'HTML',
    });
    expect(edited).toMatchObject({ message_id: sent.message_id, text: 'Готово: ответ' });
    const kept = telegram
      .chat(BOT.username, PERSON)
      .messages.find((message) => message.messageId === sent.message_id);
    expect(kept).toMatchObject({ text: 'Готово: <i>ответ</i>', parseMode: 'HTML' });
    expect(kept?.inlineKeyboard).toBeUndefined();
    expect(kept?.editDate).toEqual(expect.any(Number));
  });

  it('refuses to edit or delete a message the chat does not have', async () => {
    expect(await refusal(api.editMessageText(PERSON, 999_999, 'текст'))).toBe(
      'Bad Request: message to edit not found',
    );
    expect(await refusal(api.editMessageReplyMarkup(PERSON, 999_999))).toBe(
      'Bad Request: message to edit not found',
    );
    expect(await refusal(api.deleteMessage(PERSON, 999_999))).toBe(
      'Bad Request: message to delete not found',
    );
  });

  it('removes a deleted message from the chat, and refuses to delete it twice', async () => {
    const sent = await api.sendMessage(PERSON, 'Ненадолго');
    expect(await api.deleteMessage(PERSON, sent.message_id)).toBe(true);
    const ids = telegram.chat(BOT.username, PERSON).messages.map((message) => message.messageId);
    expect(ids).not.toContain(sent.message_id);
    expect(await refusal(api.deleteMessage(PERSON, sent.message_id))).toBe(
      'Bad Request: message to delete not found',
    );
  });
});

describe('edits and deletes in the tests (strictMessages off)', () => {
  let telegram: FakeTelegram;
  let api: Api;

  beforeAll(async () => {
    telegram = await startFakeTelegram();
    api = new Api(BOT.token, { apiRoot: telegram.apiRoot });
  });
  afterAll(() => telegram.close());

  it('answers an edit or a delete of a message it never saw as done: test updates carry made-up ids', async () => {
    expect(await api.editMessageText(PERSON, 424_242, 'новый текст')).toMatchObject({
      message_id: 424_242,
      text: 'новый текст',
    });
    expect(await api.editMessageReplyMarkup(PERSON, 424_242)).toBe(true);
    expect(await api.deleteMessage(PERSON, 424_242)).toBe(true);
    expect(telegram.textsSentTo(PERSON)).toEqual(['новый текст']);
  });

  it('still refuses what Telegram refuses whatever the message: HTML it cannot parse', async () => {
    expect(await refusal(api.editMessageText(PERSON, 424_242, '<b>', { parse_mode: 'HTML' }))).toBe(
      "Bad Request: can't parse entities: Can't find end tag corresponding to start tag b",
    );
  });
});
