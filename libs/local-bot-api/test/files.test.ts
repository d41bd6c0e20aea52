import { Api, type GrammyError, InputFile } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBotApi, startLocalBotApi } from '../src/index';
import { pngOfSize } from './webhook-servers';

const PERSON = 9001;
const BOT = { token: '9000:chart-bot', username: 'chart_bot', firstName: 'Графики' };

let telegram: LocalBotApi;
let api: Api;

beforeAll(async () => {
  telegram = await startLocalBotApi({ bots: [BOT], strictMessages: true });
  api = new Api(BOT.token, { apiRoot: telegram.apiRoot });
});
afterAll(() => telegram.close());

describe('photos and documents', () => {
  it('keeps an uploaded photo and serves it through getFile and /file/', async () => {
    const png = pngOfSize(640, 480);
    const sent = await api.sendPhoto(PERSON, new InputFile(png, 'chart.png'), {
      caption: 'Динамика за месяц',
    });
    const [photo] = sent.photo ?? [];
    expect(photo).toMatchObject({ width: 640, height: 480, file_size: png.length });
    expect(sent.caption).toBe('Динамика за месяц');

    const file = await api.getFile(photo?.file_id ?? '');
    const download = await fetch(`${telegram.apiRoot}/file/bot${BOT.token}/${file.file_path}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(png);

    expect(telegram.file(photo?.file_id ?? '')).toEqual({
      bytes: png,
      fileName: 'chart.png',
      mimeType: 'image/png',
    });
    expect(telegram.chat(BOT.username, PERSON).messages.at(-1)).toMatchObject({
      from: 'bot',
      text: 'Динамика за месяц',
      photo: { fileId: photo?.file_id, fileName: 'chart.png', size: png.length },
    });
  });

  it('keeps a document with its name, and sends a kept file again by its file_id', async () => {
    const report = Buffer.from('Отчёт по скринингу\n', 'utf8');
    const sent = await api.sendDocument(PERSON, new InputFile(report, 'report.txt'));
    expect(sent.document).toMatchObject({ file_name: 'report.txt', mime_type: 'text/plain' });

    const again = await api.sendDocument(PERSON, sent.document?.file_id ?? '');
    expect(again.document?.file_id).toBe(sent.document?.file_id);
    expect(telegram.file(again.document?.file_id ?? '')?.bytes).toEqual(report);
  });

  it('refuses a file_id it does not keep, and a file path it never gave', async () => {
    const refused = await api.sendPhoto(PERSON, 'no-such-file').catch((error: unknown) => error);
    expect((refused as GrammyError).description).toBe(
      'Bad Request: wrong file identifier/HTTP URL specified',
    );
    const missing = await fetch(`${telegram.apiRoot}/file/bot${BOT.token}/photos/nothing.png`);
    expect(missing.status).toBe(404);
  });
});
