import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api, InlineKeyboard, InputFile } from 'grammy';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LocalBotApi, type LocalPerson, startLocalBotApi } from '../src/index';
import { pngOfSize, startWebhookServer, type WebhookServer } from './webhook-servers';

const DINA: LocalPerson = { id: 13_001, firstName: 'Дина' };
const BOT = { token: '13000:keeping-bot', username: 'keeping_bot', firstName: 'Помнит' };

let dataDir: string;
let webhook: WebhookServer;
let telegram: LocalBotApi | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'local-bot-api-'));
  webhook = await startWebhookServer();
});
afterEach(async () => {
  await telegram?.close();
  await webhook.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The API started on the folder, and the bot registering its webhook, as its service does. */
async function start(): Promise<{ telegram: LocalBotApi; api: Api }> {
  telegram = await startLocalBotApi({ bots: [BOT], dataDir, strictMessages: true });
  const api = new Api(BOT.token, { apiRoot: telegram.apiRoot });
  await api.setWebhook(webhook.url);
  return { telegram, api };
}

async function restart() {
  await telegram?.close();
  return start();
}

describe('keeping chats in dataDir', () => {
  it('shows the same chats, files and invoice links after a restart, and never repeats an update id', async () => {
    const first = await start();
    await first.telegram.sendText(BOT.username, DINA, 'Привет');
    await first.api.sendMessage(DINA.id, 'Выберите тариф', {
      reply_markup: new InlineKeyboard().text('Месяц', 'plan:month'),
    });
    const photo = await first.api.sendPhoto(DINA.id, new InputFile(pngOfSize(2, 2), 'chart.png'));
    const link = await first.api.createInvoiceLink('Месяц', 'Подписка', 'sub', '', 'XTR', [
      { label: 'Месяц', amount: 300 },
    ]);
    await vi.waitFor(() => expect(webhook.accepted()).toHaveLength(1));
    const chatBefore = first.telegram.chat(BOT.username, DINA.id);

    const second = await restart();
    expect(second.telegram.chat(BOT.username, DINA.id)).toEqual(chatBefore);
    const fileId = photo.photo?.at(-1)?.file_id ?? '';
    expect(second.telegram.file(fileId)?.bytes).toEqual(pngOfSize(2, 2));
    expect((await second.api.getFile(fileId)).file_path).toEqual(expect.any(String));

    // The link still pays: the pre-checkout query goes out (nobody answers it in this test).
    const paying = second.telegram.payInvoice(BOT.username, DINA, { link });
    await vi.waitFor(() => expect(webhook.accepted()).toHaveLength(2));
    const [before, after] = webhook.accepted();
    expect(after?.pre_checkout_query?.invoice_payload).toBe('sub');
    expect(after?.update_id).toBeGreaterThan(before?.update_id ?? 0);
    await second.telegram.close();
    expect(await paying).toMatchObject({ ok: false });
  });

  it('forgets every chat, file and link on clearChats, also after a restart', async () => {
    const first = await start();
    await first.telegram.sendText(BOT.username, DINA, 'Привет');
    const photo = await first.api.sendPhoto(DINA.id, new InputFile(pngOfSize(2, 2), 'chart.png'));
    const link = await first.api.createInvoiceLink('Месяц', 'Подписка', 'sub', '', 'XTR', [
      { label: 'Месяц', amount: 300 },
    ]);

    await first.telegram.clearChats();
    const fileId = photo.photo?.at(-1)?.file_id ?? '';
    expect(first.telegram.chat(BOT.username, DINA.id).messages).toEqual([]);
    expect(first.telegram.file(fileId)).toBeUndefined();
    const kept = JSON.parse(await readFile(join(dataDir, 'chats.json'), 'utf8'));
    expect(kept.chats.chats).toEqual([]);

    const second = await restart();
    expect(second.telegram.chat(BOT.username, DINA.id).messages).toEqual([]);
    expect(second.telegram.file(fileId)).toBeUndefined();
    expect(await second.telegram.payInvoice(BOT.username, DINA, { link })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('there is no invoice link'),
    });
  });
});
