import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerWebhooks } from '../src/register-webhooks';
import {
  ADMIN_ID,
  DASHBOARD_URL,
  freshPlaygroundForEachTest,
  IVAN_ID,
  MARIA_ID,
  PRO,
  SCREEN,
  startPlayground,
} from './helpers/playground';
import { startWebhookReceiver } from './helpers/webhook-receiver';

const fresh = freshPlaygroundForEachTest();

const post = (url: string, payload: object) =>
  fresh.playground.app.inject({ method: 'POST', url: `/playground/api${url}`, payload });
const get = (url: string) => fresh.playground.app.inject({ url: `/playground/api${url}` });

describe('the page', () => {
  it('is served with its files, never cached', async () => {
    const page = await fresh.playground.app.inject({ url: '/playground' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('data-testid="composer"');
    const script = await fresh.playground.app.inject({ url: '/playground/assets/main.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers['cache-control']).toBe('no-store');
  });

  it('learns the bots, the default people and who the admin is', async () => {
    const state = (await get('/state')).json();
    expect(state.bots).toEqual([
      { botId: 'pro', username: PRO.username, firstName: PRO.firstName },
      { botId: 'screen', username: SCREEN.username, firstName: SCREEN.firstName },
    ]);
    expect(state.people).toEqual([
      { id: ADMIN_ID, firstName: 'Админ', role: 'admin' },
      { id: MARIA_ID, firstName: 'Мария', role: 'specialist' },
      { id: IVAN_ID, firstName: 'Иван', role: 'client' },
    ]);
    expect(state).toMatchObject({ adminId: ADMIN_ID, aiConfigured: false });
    expect(typeof state.version).toBe('number');
    // No bot token leaves the server.
    expect(JSON.stringify(state)).not.toContain(PRO.token);
  });
});

describe('talking to a bot', () => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());

  it("delivers a person's text to the bot's webhook as Telegram's Update, with its secret", async () => {
    await registerWebhooks(fresh.playground.botApi.apiRoot, [PRO], receiver.url);
    const sent = await post('/send', { bot: PRO.username, person: MARIA_ID, text: 'Добрый день' });
    expect(sent.statusCode).toBe(200);
    const result = sent.json();
    expect(result).toMatchObject({ ok: true });

    await vi.waitFor(() => expect(receiver.received.length).toBeGreaterThan(0), { timeout: 5000 });
    const [delivered] = receiver.received;
    expect(delivered?.botId).toBe('pro');
    expect(delivered?.secret).toBe(PRO.secret);
    const update = delivered?.update as {
      update_id: number;
      message: Record<string, unknown> & { from: object; chat: object };
    };
    expect(Number.isSafeInteger(update.update_id)).toBe(true);
    expect(update.message).toMatchObject({
      message_id: result.messageId,
      text: 'Добрый день',
      from: { id: MARIA_ID, is_bot: false, first_name: 'Мария', language_code: 'ru' },
      chat: { id: MARIA_ID, type: 'private' },
    });
    expect(typeof update.message.date).toBe('number');

    const chat = (await get(`/chat?bot=${PRO.username}&person=${MARIA_ID}`)).json();
    expect(chat.messages).toMatchObject([{ from: 'person', text: 'Добрый день' }]);
    expect(fresh.playground.logLines.join('\n')).not.toContain('Добрый день');
  });

  it('keeps each person their own chat with each bot', async () => {
    await post('/send', { bot: PRO.username, person: MARIA_ID, text: 'Я Мария' });
    await post('/send', { bot: PRO.username, person: IVAN_ID, text: 'Я Иван' });
    const maria = (await get(`/chat?bot=${PRO.username}&person=${MARIA_ID}`)).json();
    const ivan = (await get(`/chat?bot=${PRO.username}&person=${IVAN_ID}`)).json();
    const inScreen = (await get(`/chat?bot=${SCREEN.username}&person=${MARIA_ID}`)).json();
    expect(maria.messages.map((message: { text: string }) => message.text)).toEqual(['Я Мария']);
    expect(ivan.messages.map((message: { text: string }) => message.text)).toEqual(['Я Иван']);
    expect(inScreen.messages).toEqual([]);
  });

  it("marks which chats have the bot's newest message, for the unread dots", async () => {
    await post('/send', { bot: PRO.username, person: MARIA_ID, text: '/start' });
    const reply = await fetch(`${fresh.playground.botApi.apiRoot}/bot${PRO.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: MARIA_ID, text: 'Главное меню' }),
    });
    const { result } = (await reply.json()) as { result: { message_id: number } };
    const { chats } = (await get('/overview')).json();
    expect(chats).toContainEqual({
      bot: PRO.username,
      person: MARIA_ID,
      lastBotMessageId: result.message_id,
    });
    expect(chats).toContainEqual({ bot: SCREEN.username, person: IVAN_ID, lastBotMessageId: 0 });
  });

  it('answers a long poll at once when the page knows another version (a restart)', async () => {
    const answer = await get('/changes?since=999999');
    expect(answer.json().version).not.toBe(999999);
  });

  it('wakes the long poll as soon as something changed', async () => {
    const { version } = (await get('/state')).json();
    const polled = get(`/changes?since=${version}`);
    await post('/send', { bot: PRO.username, person: MARIA_ID, text: '/start' });
    const answer = await polled;
    expect(answer.json().version).toBeGreaterThan(version);
  });

  it('serves a document the bot sent, as a download of its own type', async () => {
    await post('/send', { bot: PRO.username, person: MARIA_ID, text: '/start' });
    const form = new FormData();
    form.append('chat_id', String(MARIA_ID));
    form.append('document', new Blob(['case notes'], { type: 'text/plain' }), 'notes.txt');
    const sent = await fetch(`${fresh.playground.botApi.apiRoot}/bot${PRO.token}/sendDocument`, {
      method: 'POST',
      body: form,
    });
    const { result } = (await sent.json()) as { result: { document: { file_id: string } } };

    const file = await get(`/files/${result.document.file_id}`);
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe('case notes');
    expect(file.headers['content-disposition']).toMatch(
      /^attachment; filename\*=UTF-8''notes\.txt/,
    );
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/files/no-such-file')).statusCode).toBe(404);
  });

  it('answers 400 with a clear message to a request it cannot act on', async () => {
    const unknownBot = await post('/send', { bot: 'nobody_bot', person: MARIA_ID, text: 'hi' });
    expect(unknownBot.statusCode).toBe(400);
    expect(unknownBot.json().error).toMatch(/no bot @nobody_bot/);
    const unknownPerson = await post('/send', { bot: PRO.username, person: 12345, text: 'hi' });
    expect(unknownPerson.statusCode).toBe(400);
    expect(unknownPerson.json().error).toMatch(/no person 12345/);
    const empty = await post('/send', { bot: PRO.username, person: MARIA_ID, text: '' });
    expect(empty.statusCode).toBe(400);
    const both = await post('/pay', {
      bot: PRO.username,
      person: MARIA_ID,
      messageId: 1,
      link: 'x',
    });
    expect(both.statusCode).toBe(400);
  });
});

describe('the dashboard beside the chat', () => {
  it('refuses any other address, so no other page gets signed launch data', async () => {
    for (const url of ['https://evil.example/app', 'http://localhost:8080/application']) {
      const answer = await post('/web-app', { bot: PRO.username, person: MARIA_ID, url });
      expect(answer.statusCode).toBe(400);
      expect(answer.json().error).toMatch(/opens only the dashboard/);
      expect(answer.body).not.toContain('tgWebAppData');
    }
  });
});

describe('who may use the playground', () => {
  it('refuses a request from another machine, whatever X-Forwarded-For says', async () => {
    for (const url of ['/playground', '/playground/api/state']) {
      const answer = await fresh.playground.app.inject({
        url,
        remoteAddress: '192.168.1.20',
        headers: { 'x-forwarded-for': '127.0.0.1' },
      });
      expect(answer.statusCode).toBe(403);
    }
    const signing = await fresh.playground.app.inject({
      method: 'POST',
      url: '/playground/api/web-app',
      remoteAddress: '10.0.0.5',
      payload: { bot: PRO.username, person: ADMIN_ID, url: DASHBOARD_URL },
    });
    expect(signing.statusCode).toBe(403);
    expect(signing.body).not.toContain('tgWebAppData');
  });

  it('serves this machine over IPv6 and IPv4-mapped loopback too', async () => {
    for (const remoteAddress of ['::1', '::ffff:127.0.0.1']) {
      const answer = await fresh.playground.app.inject({
        url: '/playground/api/state',
        remoteAddress,
      });
      expect(answer.statusCode).toBe(200);
    }
  });
});

describe('people', () => {
  it('adds a person with a new Telegram id of their own', async () => {
    const olga = (await post('/people', { firstName: 'Ольга', role: 'specialist' })).json();
    const petr = (await post('/people', { firstName: 'Пётр', role: 'client' })).json();
    expect(olga).toMatchObject({ firstName: 'Ольга', role: 'specialist' });
    const ids = (await get('/state')).json().people.map((person: { id: number }) => person.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([ADMIN_ID, MARIA_ID, IVAN_ID, olga.id, petr.id]);
    expect((await post('/people', { firstName: 'Root', role: 'admin' })).statusCode).toBe(400);
  });

  it('are still there after a restart on the same data folder', async () => {
    const olga = (await post('/people', { firstName: 'Ольга', role: 'specialist' })).json();
    await post('/send', { bot: PRO.username, person: olga.id, text: 'Я Ольга' });
    await fresh.playground.close();

    fresh.playground = await startPlayground(fresh.dataDir.path);
    const state = (await get('/state')).json();
    expect(state.people).toContainEqual(olga);
    const chat = (await get(`/chat?bot=${PRO.username}&person=${olga.id}`)).json();
    expect(chat.messages).toMatchObject([{ from: 'person', text: 'Я Ольга' }]);
  });
});

describe('«Начать заново»', () => {
  it('clears every chat and the added people, and keeps the default people', async () => {
    const olga = (await post('/people', { firstName: 'Ольга', role: 'client' })).json();
    await post('/send', { bot: PRO.username, person: MARIA_ID, text: '/start' });
    await post('/send', { bot: SCREEN.username, person: olga.id, text: '/start' });

    const reset = await fresh.playground.app.inject({
      method: 'POST',
      url: '/playground/api/reset',
    });
    expect(reset.statusCode).toBe(200);

    const state = (await get('/state')).json();
    expect(state.people.map((person: { id: number }) => person.id)).toEqual([
      ADMIN_ID,
      MARIA_ID,
      IVAN_ID,
    ]);
    const chat = (await get(`/chat?bot=${PRO.username}&person=${MARIA_ID}`)).json();
    expect(chat.messages).toEqual([]);

    // And it stays so after a restart.
    await fresh.playground.close();
    fresh.playground = await startPlayground(fresh.dataDir.path);
    expect((await get('/state')).json().people).toHaveLength(3);
    const again = (await get(`/chat?bot=${PRO.username}&person=${MARIA_ID}`)).json();
    expect(again.messages).toEqual([]);
  });
});
