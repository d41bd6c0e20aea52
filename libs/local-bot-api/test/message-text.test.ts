import { Api, GrammyError, InputFile } from 'grammy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../src/index';

const CHAT = 5001;
const OTHER_CHAT = 5002;

let telegram: FakeTelegram;
let api: Api;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  api = new Api('7:fake-token', { apiRoot: telegram.apiRoot });
});
afterAll(() => telegram.close());
beforeEach(() => telegram.reset());

const refusal = (call: Promise<unknown>) =>
  call.then(
    () => 'accepted',
    (error: unknown) => (error instanceof GrammyError ? error.description : String(error)),
  );

describe('the local Bot API: message drafts', () => {
  it('shows drafts in a private chat, an empty one included ("Thinking...")', async () => {
    await api.sendMessageDraft(CHAT, 1, '');
    await api.sendMessageDraft(CHAT, 1, 'Пишу <b>ответ</b>', { parse_mode: 'HTML' });
    expect(telegram.draftsSentTo(CHAT)).toEqual([
      { draftId: 1, text: '' },
      { draftId: 1, text: 'Пишу <b>ответ</b>' },
    ]);
    expect(telegram.draftsSentTo(OTHER_CHAT)).toEqual([]);
  });

  it('refuses drafts where a test says they are not available, as Telegram does', async () => {
    telegram.refuseDrafts(CHAT);
    expect(await refusal(api.sendMessageDraft(CHAT, 1, 'текст'))).toBe(
      'Bad Request: TEXTDRAFT_PEER_INVALID',
    );
    expect(await refusal(api.sendMessageDraft(OTHER_CHAT, 1, 'текст'))).toBe('accepted');
    telegram.refuseDrafts(CHAT, false);
    expect(await refusal(api.sendMessageDraft(CHAT, 2, 'текст'))).toBe('accepted');
    expect(telegram.draftsSentTo(CHAT)).toEqual([{ draftId: 2, text: 'текст' }]);
  });
});

describe('the local Bot API: text Telegram would refuse', () => {
  it('refuses HTML it cannot parse in a message, an edit and a draft', async () => {
    const html = { parse_mode: 'HTML' as const };
    expect(await refusal(api.sendMessage(CHAT, '<p>абзац</p>', html))).toBe(
      'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 0',
    );
    expect(await refusal(api.editMessageText(CHAT, 1, '<b>не закрыт', html))).toBe(
      "Bad Request: can't parse entities: Can't find end tag corresponding to start tag b",
    );
    expect(await refusal(api.sendMessageDraft(CHAT, 1, 'a < b', html))).toMatch(
      /^Bad Request: can't parse entities: /,
    );
    expect(telegram.draftsSentTo(CHAT)).toEqual([]);
  });

  it('takes the same characters as plain text, where nothing is parsed', async () => {
    expect(await refusal(api.sendMessage(CHAT, '<p>a < b & c</p>'))).toBe('accepted');
  });

  it('refuses more than 4096 characters after parsing, and counts markup as nothing', async () => {
    expect(await refusal(api.sendMessage(CHAT, 'я'.repeat(4097)))).toBe(
      'Bad Request: message is too long',
    );
    const longMarkup = `<b>${'я'.repeat(2000)}</b> <i>${'&amp;'.repeat(2000)}</i>`;
    expect(await refusal(api.sendMessage(CHAT, longMarkup, { parse_mode: 'HTML' }))).toBe(
      'accepted',
    );
    expect(await refusal(api.sendMessageDraft(CHAT, 1, 'я'.repeat(4097)))).toBe(
      'Bad Request: message is too long',
    );
  });

  it('refuses an empty message', async () => {
    expect(await refusal(api.sendMessage(CHAT, ' '))).toBe('Bad Request: message text is empty');
  });
});

describe('the local Bot API: captions', () => {
  it('refuses a caption of more than 1024 characters after parsing', async () => {
    const photo = new InputFile(Buffer.from('not really a picture'), 'picture.jpg');
    expect(await refusal(api.sendPhoto(CHAT, photo, { caption: 'я'.repeat(1025) }))).toBe(
      'Bad Request: message caption is too long',
    );
    const caption = `<b>${'я'.repeat(1024)}</b>`;
    expect(await refusal(api.sendPhoto(CHAT, photo, { caption, parse_mode: 'HTML' }))).toBe(
      'accepted',
    );
  });
});
