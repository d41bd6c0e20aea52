import type { Database } from '@psycheos/db';
import { startFakeTelegram, type UploadedFile } from '@psycheos/local-bot-api';
import { SECRET_HEADER } from '@psycheos/platform';
import {
  createTestDatabase,
  type ServiceHarness,
  startServiceHarness,
  type TestDatabase,
  textMessage,
} from '@psycheos/testkit';
import { Composer, InputFile } from 'grammy';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { PipelineContext } from '../src/pipeline/pipeline-context';
import { enqueueReplies, enqueueUrgentReplies, REPLY_PRIORITY } from '../src/replies/reply-outbox';
import type { ReplySender } from '../src/replies/reply-sender';
import { buildBotServiceApp, type ServiceDeps } from '../src/service/bot-service-app';
import { deferRenderedCall } from '../src/telegram/deferred-calls';

/** Answers every text with one message, so each delivered update owes exactly one reply. */
function echoBot() {
  const bot = new Composer<PipelineContext>();
  bot.on('message:text', async (ctx) => {
    await ctx.reply(`эхо: ${ctx.message.text}`);
  });
  return bot;
}
const buildApp = (deps: ServiceDeps) => buildBotServiceApp(deps, echoBot());

const outbox = (db: Kysely<Database>) =>
  db
    .selectFrom('reply_outbox')
    .select(['reply_id', 'chat_id', 'method', 'payload', 'status', 'attempts', 'last_error'])
    .orderBy('reply_id')
    .execute();

/** Rows a previous life of the service committed and never sent. */
async function leftBehind(
  db: Kysely<Database>,
  rows: Array<{ chat: number; text: string; stranger?: boolean }>,
) {
  for (const row of rows) {
    await enqueueReplies(db, {
      botId: 'pro',
      chatId: row.chat,
      priority: row.stranger ? REPLY_PRIORITY.stranger : REPLY_PRIORITY.known,
      calls: [{ method: 'sendMessage', payload: { chat_id: row.chat, text: row.text } }],
    });
  }
}

/** Polls `check` until it holds; bounded, so a test that waits in vain fails instead of hanging. */
async function waitFor(check: () => boolean | Promise<boolean>, attempts = 500): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the condition never held');
}

describe('reply outbox', () => {
  let harness: ServiceHarness | undefined;
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await harness?.close();
    await database?.destroy();
    harness = undefined;
    database = undefined;
  });

  it('sends what a previous life committed and never sent: once each, in each chat’s order', async () => {
    database = await createTestDatabase();
    await leftBehind(database.db, [
      { chat: 101, text: 'a1' },
      { chat: 101, text: 'a2' },
      { chat: 102, text: 'b1' },
      { chat: 101, text: 'a3' },
    ]);

    harness = await startServiceHarness({ botId: 'pro', buildApp, database });
    await harness.repliesSent();

    expect(harness.telegram.textsSentTo(101)).toEqual(['a1', 'a2', 'a3']);
    expect(harness.telegram.textsSentTo(102)).toEqual(['b1']);
    expect(await outbox(database.db)).toEqual([]);
  });

  it('stores a reply with its update and deletes it once Telegram took it', async () => {
    harness = await startServiceHarness({ botId: 'pro', buildApp });
    const seenInOutbox: Promise<number>[] = [];
    const db = harness.database.db;
    harness.telegram.respond('sendMessage', () => {
      // Asked while Telegram is "taking" the call: the row is still there until it answers.
      seenInOutbox.push(outbox(db).then((rows) => rows.length));
      return undefined;
    });

    expect(await harness.deliver(textMessage({ id: 201 }, 'привет'))).toEqual({
      status: 200,
      body: { ok: true },
    });

    expect(harness.telegram.textsSentTo(201)).toEqual(['эхо: привет']);
    expect(await Promise.all(seenInOutbox)).toEqual([1]);
    expect(await outbox(db)).toEqual([]);
  });

  it('marks a reply Telegram refuses for good as failed, with the reason and without its text', async () => {
    harness = await startServiceHarness({ botId: 'pro', buildApp });
    harness.telegram.respond('sendMessage', (params) =>
      params.chat_id === 301
        ? { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }
        : undefined,
    );

    await harness.deliver(textMessage({ id: 301 }, 'секрет'));
    await harness.deliver(textMessage({ id: 302 }, 'ещё'));

    expect(await outbox(harness.database.db)).toEqual([
      expect.objectContaining({
        chat_id: 301,
        method: 'sendMessage',
        status: 'failed',
        payload: null,
        last_error: '403: Forbidden: bot was blocked by the user',
      }),
    ]);
    // Tried once, never again; the other chat was not held up.
    expect(
      harness.telegram.callsTo('sendMessage').filter((c) => c.params.chat_id === 301),
    ).toHaveLength(1);
    expect(harness.telegram.textsSentTo(302)).toEqual(['эхо: ещё']);
    const metrics = await harness.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain(
      'psycheos_replies_total{bot="pro",outcome="failed",service="pro"} 1',
    );
    expect(harness.logLines.join('\n')).not.toContain('секрет');
  });

  it('files a reply under the chat it goes to, not the chat of the update that caused it', async () => {
    // An admin (chat 9101) refunds a payer (chat 9102) who has blocked the bot.
    const bot = new Composer<PipelineContext>();
    bot.on('message:text', async (ctx) => {
      await ctx.api.sendMessage(9102, 'возврат оформлен');
      await ctx.reply('готово');
    });
    harness = await startServiceHarness({
      botId: 'pro',
      buildApp: (deps) => buildBotServiceApp(deps, bot),
    });
    harness.telegram.respond('sendMessage', (params) =>
      params.chat_id === 9102
        ? { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }
        : undefined,
    );

    await harness.deliver(textMessage({ id: 9101 }, 'вернуть'));

    expect(await outbox(harness.database.db)).toEqual([
      expect.objectContaining({ chat_id: 9102, status: 'failed' }),
    ]);
    expect(harness.telegram.textsSentTo(9101)).toEqual(['готово']);
    const refusals = harness.logLines
      .map((line) => JSON.parse(line) as { msg?: string; chat_id?: number })
      .filter((line) => line.msg === 'Telegram refused a reply for good; marked failed');
    expect(refusals.map((line) => line.chat_id)).toEqual([9102]);
  });

  it('keeps a reply while Telegram is out of reach and sends it once Telegram is back', async () => {
    harness = await startServiceHarness({ botId: 'pro', buildApp });
    await harness.deps.telegram.botInfo();
    const port = Number(new URL(harness.telegram.apiRoot).port);
    await harness.telegram.close();
    const db = harness.database.db;

    const response = await harness.deliver(textMessage({ id: 401 }, 'ау'), {
      waitForReplies: false,
    });
    expect(response.status).toBe(200);
    await waitFor(async () =>
      (await outbox(db)).some(
        (row) => row.attempts > 0 && row.last_error === 'network error' && row.status === 'pending',
      ),
    );

    const back = await startFakeTelegram({ port });
    try {
      await harness.repliesSent();
      expect(back.textsSentTo(401)).toEqual(['эхо: ау']);
      expect(await outbox(harness.database.db)).toEqual([]);
    } finally {
      await back.close();
    }
  });

  it('does not hold the webhook for a long retry_after: the reply waits in the outbox', async () => {
    harness = await startServiceHarness({ botId: 'pro', buildApp });
    harness.telegram.respond('sendMessage', () => ({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 3600',
      parameters: { retry_after: 3600 },
    }));

    const db = harness.database.db;
    const response = await harness.deliver(textMessage({ id: 501 }, 'срочно'), {
      waitForReplies: false,
    });

    expect(response.status).toBe(200);
    await waitFor(async () => (await outbox(db)).some((row) => row.attempts === 1));
    const [row] = await outbox(harness.database.db);
    expect(row).toMatchObject({ status: 'pending', last_error: expect.stringContaining('429') });
    // Asked once; the next try waits the hour Telegram asked for.
    expect(harness.telegram.callsTo('sendMessage')).toHaveLength(1);
  });

  it('marks a reply that could not go out in time expired, and never sends it late', async () => {
    harness = await startServiceHarness({
      botId: 'pro',
      buildApp,
      env: { REPLY_MAX_AGE_SECONDS: '1' },
    });
    // A token Telegram refuses is retried (an operator may fix it), but not past the reply's age.
    let refusing = true;
    harness.telegram.respond('sendMessage', () =>
      refusing ? { ok: false, error_code: 401, description: 'Unauthorized' } : undefined,
    );

    const db = harness.database.db;
    await harness.deliver(textMessage({ id: 601 }, 'поздно'), { waitForReplies: false });
    await waitFor(async () => (await outbox(db)).some((row) => row.status === 'expired'));
    refusing = false;
    await harness.deliver(textMessage({ id: 602 }, 'вовремя'));

    expect(await outbox(harness.database.db)).toEqual([
      expect.objectContaining({ chat_id: 601, status: 'expired', payload: null }),
    ]);
    expect(harness.telegram.textsSentTo(602)).toEqual(['эхо: вовремя']);
    const delivered = harness.telegram.calls.filter(
      (call) => call.method === 'sendMessage' && call.params.chat_id === 601,
    );
    expect(delivered.length).toBeGreaterThan(1);
    // Every attempt for 601 was refused: nothing reached the person after the hour (here, second).
    const metrics = await harness.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('outcome="expired",service="pro"} 1');
    expect(metrics.body).toMatch(/outcome="retried",service="pro"\} [1-9]/);
  });

  it('sends the replies of people the bot knows before strangers’ when there is a backlog', async () => {
    database = await createTestDatabase();
    const strangers = Array.from({ length: 20 }, (_, i) => ({
      chat: 7000 + i,
      text: 'по приглашению',
      stranger: true,
    }));
    await leftBehind(database.db, [...strangers, { chat: 7100, text: 'вам ответ' }]);

    harness = await startServiceHarness({
      botId: 'pro',
      buildApp,
      database,
      // One call a second: the first to leave is the only one that could.
      env: { TELEGRAM_MAX_PER_SECOND: '1' },
    });
    const [first] = await harness.telegram.waitForCalls('sendMessage', 1);

    expect(first?.params).toMatchObject({ chat_id: 7100, text: 'вам ответ' });
  });

  it('keeps a chat’s order when a stranger becomes someone the bot knows, under a backlog', async () => {
    database = await createTestDatabase();
    const strangers = Array.from({ length: 10 }, (_, i) => ({
      chat: 7200 + i,
      text: 'по приглашению',
      stranger: true,
    }));
    // The welcome went out as a stranger's reply; the next answer as a specialist's.
    await leftBehind(database.db, [
      ...strangers,
      { chat: 7300, text: 'добро пожаловать', stranger: true },
      { chat: 7300, text: 'ваши кейсы' },
    ]);

    harness = await startServiceHarness({
      botId: 'pro',
      buildApp,
      database,
      env: { REPLY_WINDOW: '2' },
    });
    await harness.repliesSent();

    expect(harness.telegram.textsSentTo(7300)).toEqual(['добро пожаловать', 'ваши кейсы']);
  });

  it('expires in the table a reply that waited past its age without ever being read', async () => {
    database = await createTestDatabase();
    const db = database.db;
    await leftBehind(db, [
      { chat: 7400, text: 'застрял' },
      { chat: 7401, text: 'давний', stranger: true },
    ]);
    await db
      .updateTable('reply_outbox')
      .set({ created_at: sql<Date>`now() - interval '2 hours'` } as never)
      .where('chat_id', '=', 7401)
      .execute();

    // The window holds one reply, and Telegram keeps refusing it (a token being fixed):
    // the old row behind it is never read, yet it does not wait in the table for ever.
    harness = await startServiceHarness({
      botId: 'pro',
      buildApp,
      database,
      env: { REPLY_WINDOW: '1' },
    });
    harness.telegram.respond('sendMessage', () => ({
      ok: false,
      error_code: 401,
      description: 'Unauthorized',
    }));
    await waitFor(async () =>
      (await outbox(db)).some((row) => row.chat_id === 7401 && row.status === 'expired'),
    );

    expect(
      harness.telegram.callsTo('sendMessage').map((call) => call.params.chat_id),
    ).not.toContain(7401);
    expect(await outbox(db)).toContainEqual(
      expect.objectContaining({
        chat_id: 7401,
        status: 'expired',
        payload: null,
        last_error: 'older than REPLY_MAX_AGE_SECONDS before its turn came',
      }),
    );
  });

  it('never expires an urgent reply (a crisis alert): it goes however late, the ordinary one does not', async () => {
    database = await createTestDatabase();
    const db = database.db;
    await leftBehind(db, [{ chat: 7450, text: 'обычный ответ' }]);
    await enqueueUrgentReplies(db, {
      botId: 'pro',
      chatId: 7451,
      calls: [{ method: 'sendMessage', payload: { chat_id: 7451, text: 'СРОЧНО' } }],
    });
    await db
      .updateTable('reply_outbox')
      .set({ created_at: sql<Date>`now() - interval '2 hours'` } as never)
      .execute();

    harness = await startServiceHarness({ botId: 'pro', buildApp, database });
    await harness.repliesSent();

    expect(harness.telegram.textsSentTo(7451)).toEqual(['СРОЧНО']);
    expect(harness.telegram.textsSentTo(7450)).toEqual([]);
    expect(await outbox(db)).toEqual([
      expect.objectContaining({ chat_id: 7450, status: 'expired' }),
    ]);
  });

  it('sends an urgent reply first, ahead of its chat’s queued replies and past a full window', async () => {
    database = await createTestDatabase();
    const backlog = Array.from({ length: 12 }, (_, i) => ({ chat: 7600 + (i % 4), text: `${i}` }));
    await leftBehind(database.db, [...backlog, { chat: 7600, text: 'очередь' }]);
    await enqueueUrgentReplies(database.db, {
      botId: 'pro',
      chatId: 7600,
      calls: [{ method: 'sendMessage', payload: { chat_id: 7600, text: 'СРОЧНО' } }],
    });

    harness = await startServiceHarness({
      botId: 'pro',
      buildApp,
      database,
      // A window of two, already filled by older rows; one call a second.
      env: { REPLY_WINDOW: '2', TELEGRAM_MAX_PER_SECOND: '1' },
    });
    const [first] = await harness.telegram.waitForCalls('sendMessage', 1);

    expect(first?.params).toMatchObject({ chat_id: 7600, text: 'СРОЧНО' });
  });

  it('renders a deferred call when its turn comes: a photo is drawn and uploaded then', async () => {
    const bot = new Composer<PipelineContext>();
    bot.on('message:text', async (ctx) => {
      await ctx.reply('сейчас пришлю картинку');
      await deferRenderedCall(ctx.api, 'renderTestPicture', { chat_id: ctx.chat.id, size: 3 });
    });
    const rendered: unknown[] = [];
    harness = await startServiceHarness({
      botId: 'pro',
      buildApp: (deps) =>
        buildBotServiceApp(deps, bot, {
          replyRenderers: {
            renderTestPicture: async (payload) => {
              rendered.push(payload);
              return {
                method: 'sendPhoto',
                payload: {
                  chat_id: payload.chat_id,
                  photo: new InputFile(Buffer.alloc(Number(payload.size), 7), 'picture.png'),
                },
              };
            },
          },
        }),
    });
    await harness.deliver(textMessage({ id: 7700 }, 'картинку'));

    expect(rendered).toEqual([{ chat_id: 7700, size: 3 }]);
    const photos = harness.telegram.callsTo('sendPhoto');
    expect(photos).toHaveLength(1);
    const upload = Object.values(photos[0]?.params ?? {}).find(
      (value): value is UploadedFile =>
        typeof value === 'object' && value !== null && 'bytes' in value,
    );
    expect(upload?.bytes).toEqual(Buffer.alloc(3, 7));
    // The text went first, in the chat's order, and nothing is left in the outbox.
    expect(
      harness.telegram.calls.map((call) => call.method).filter((m) => m.startsWith('send')),
    ).toEqual(['sendMessage', 'sendPhoto']);
    expect(await outbox(harness.database.db)).toEqual([]);
  });

  it('holds no more than REPLY_WINDOW replies in memory, however long the backlog', async () => {
    database = await createTestDatabase();
    const backlog = Array.from({ length: 30 }, (_, i) => ({ chat: 8000 + (i % 10), text: `${i}` }));
    await leftBehind(database.db, backlog);
    let sender: ReplySender | undefined;
    const held: number[] = [];

    harness = await startServiceHarness({
      botId: 'pro',
      buildApp,
      database,
      env: { REPLY_WINDOW: '5' },
    });
    sender = harness.replySender();
    harness.telegram.respond('sendMessage', () => {
      held.push(sender?.held ?? -1);
      return undefined;
    });
    await harness.repliesSent();

    expect(held).toHaveLength(30);
    expect(Math.max(...held)).toBeLessThanOrEqual(5);
    for (let chat = 8000; chat < 8010; chat++) {
      const own = backlog.filter((row) => row.chat === chat).map((row) => row.text);
      expect(harness.telegram.textsSentTo(chat)).toEqual(own);
    }
  });

  it('has one sender per bot across replicas; a standby takes over when it stops', async () => {
    harness = await startServiceHarness({ botId: 'pro', buildApp });
    const first = harness.replySender();
    let second: ReplySender | undefined;
    const replica = await buildApp({
      ...harness.deps,
      onSenders: ({ replies }) => {
        second = replies;
      },
    });
    await replica.ready();
    const { secret } = harness;
    const deliverTo = (chat: number, text: string) =>
      replica.inject({
        method: 'POST',
        url: '/webhook/pro',
        headers: { [SECRET_HEADER]: secret, 'content-type': 'application/json' },
        payload: JSON.stringify(textMessage({ id: chat }, text)),
      });
    try {
      // Whichever took the lease first sends; the other stands by.
      await waitFor(() => first.isActive || second?.isActive === true);
      const [active, standby] = first.isActive
        ? [first, second as ReplySender]
        : [second as ReplySender, first];
      expect(standby.isActive).toBe(false);

      // The replica handles the update; the bot's one sender sends its reply.
      expect((await deliverTo(901, 'один')).statusCode).toBe(200);
      await active.idle();
      expect(harness.telegram.textsSentTo(901)).toEqual(['эхо: один']);

      await active.stop();
      await waitFor(() => standby.isActive);
      expect((await deliverTo(902, 'два')).statusCode).toBe(200);
      await standby.idle();
      expect(harness.telegram.textsSentTo(902)).toEqual(['эхо: два']);
      expect(harness.telegram.textsSentTo(901)).toEqual(['эхо: один']);
    } finally {
      await replica.close();
    }
  });
});
