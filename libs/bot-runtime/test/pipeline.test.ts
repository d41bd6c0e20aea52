import { createDatabase, type User } from '@psycheos/db';
import { SECRET_HEADER } from '@psycheos/platform';
import {
  buttonPress,
  nextUpdateId,
  type ServiceHarness,
  startServiceHarness,
  textMessage,
} from '@psycheos/testkit';
import { Composer } from 'grammy';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineContext } from '../src/pipeline/pipeline-context';
import { buildBotServiceApp, type ServiceDeps } from '../src/service/bot-service-app';

/**
 * A small bot that exercises the pipeline: it keeps a per-chat counter in its state,
 * writes a case for "/case <name>", and fails on "/boom" after writing.
 */
/** ctx.sender as /whoami found it, in order. */
const sendersSeen: Array<User | null> = [];

function counterBot() {
  const bot = new Composer<PipelineContext>();
  bot.command('count', async (ctx) => {
    const seen = Number(ctx.chatState?.state_payload.count ?? 0);
    // A pause between read and write: without per-chat serialization, concurrent updates lose counts.
    await sql`select pg_sleep(0.01)`.execute(ctx.db);
    await ctx.saveChatState({ state: 'counting', statePayload: { count: seen + 1 } });
    await ctx.reply(`count ${seen + 1}`);
  });
  bot.command('boom', async (ctx) => {
    await ctx.db
      .insertInto('users')
      .values({ telegram_id: ctx.userId ?? 0, role: 'specialist' })
      .execute();
    await ctx.reply('this reply belongs to a rolled-back change');
    throw new Error('handler bug');
  });
  bot.on('inline_query', async (ctx) => {
    await ctx.db
      .insertInto('users')
      .values({ telegram_id: ctx.userId ?? 0, role: 'client' })
      .execute();
  });
  bot.command('register', async (ctx) => {
    await ctx.db
      .insertInto('users')
      .values({ telegram_id: ctx.userId ?? 0, role: 'specialist' })
      .execute();
    // Holds the chat's lock a while, so a second update of the chat arrives and waits on it.
    await sql`select pg_sleep(0.3)`.execute(ctx.db);
    await ctx.reply('registered');
  });
  bot.command('whoami', async (ctx) => {
    sendersSeen.push(ctx.sender);
    await ctx.reply(ctx.sender ? `known as ${ctx.sender.role}` : 'stranger');
  });
  bot.on('callback_query:data', async (ctx) => {
    await ctx.answerCallbackQuery({ text: 'ok' });
  });
  bot.on('message:text', (ctx) => ctx.reply('echo'));
  return bot;
}

const buildApp = (deps: ServiceDeps) => buildBotServiceApp(deps, counterBot());

describe('webhook pipeline', () => {
  let harness: ServiceHarness;
  const alice = { id: 5001, first_name: 'Alice' };

  beforeAll(async () => {
    harness = await startServiceHarness({ botId: 'pro', buildApp });
  });
  afterAll(() => harness.close());
  beforeEach(async () => {
    await harness.database.truncateAll();
    harness.telegram.reset();
  });

  const post = (headers: Record<string, string>, payload: string) =>
    harness.app.inject({ method: 'POST', url: '/webhook/pro', headers, payload });
  const dedupRows = () =>
    harness.database.db.selectFrom('telegram_update_dedup').selectAll().execute();

  it('refuses a missing or wrong secret with 403 and records nothing', async () => {
    const linesBefore = harness.logLines.length;
    const body = JSON.stringify(textMessage(alice, '/count'));
    const missing = await post({ 'content-type': 'application/json' }, body);
    const wrong = await post({ 'content-type': 'application/json', [SECRET_HEADER]: 'nope' }, body);
    expect([missing.statusCode, wrong.statusCode]).toEqual([403, 403]);
    expect(await dedupRows()).toHaveLength(0);
    expect(harness.telegram.calls).toHaveLength(0);
    // One line per refusal, without the token that was sent.
    const lines = harness.logLines.slice(linesBefore);
    expect(
      lines.filter((line) =>
        line.includes('webhook refused (403): the secret token does not match'),
      ),
    ).toHaveLength(2);
    expect(lines.join('\n')).not.toContain('nope');
  });

  it.each([
    ['malformed JSON', '{"update_id": 1,'],
    ['a JSON array', '[1, 2]'],
    ['a number', '42'],
    ['an object without update_id', '{"message": {}}'],
    ['a negative update_id', '{"update_id": -5}'],
  ])('answers 400 to %s', async (_name, payload) => {
    const response = await post(
      { 'content-type': 'application/json', [SECRET_HEADER]: harness.secret },
      payload,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ ok: false, error: 'the body is not a Telegram update' });
  });

  it('answers 415 to a body that is not JSON and 413 to one over the limit', async () => {
    const headers = { [SECRET_HEADER]: harness.secret };
    const text = await post({ ...headers, 'content-type': 'text/plain' }, 'hello');
    const huge = await post(
      { ...headers, 'content-type': 'application/json' },
      JSON.stringify({ update_id: 1, padding: 'x'.repeat(2 * 1024 * 1024) }),
    );
    expect([text.statusCode, huge.statusCode]).toEqual([415, 413]);
  });

  it('handles an update, saves the chat state and replies after commit', async () => {
    const response = await harness.deliver(textMessage(alice, '/count'));
    expect(response).toEqual({ status: 200, body: { ok: true } });
    const state = await harness.database.db
      .selectFrom('bot_chat_state')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(state).toMatchObject({
      bot_id: 'pro',
      chat_id: alice.id,
      state: 'counting',
      state_payload: { count: 1 },
      telegram_user_id: alice.id,
    });
    expect(harness.telegram.textsSentTo(alice.id)).toEqual(['count 1']);
  });

  it('runs the handler once for the same update delivered twice', async () => {
    const update = textMessage(alice, '/count');
    const first = await harness.deliver(update);
    const second = await harness.deliver(update);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(harness.telegram.textsSentTo(alice.id)).toEqual(['count 1']);
  });

  it('runs the handler once for 20 copies of an update arriving at once', async () => {
    const update = textMessage(alice, '/count');
    const responses = await Promise.all(Array.from({ length: 20 }, () => harness.deliver(update)));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(harness.telegram.textsSentTo(alice.id)).toEqual(['count 1']);
    expect(await dedupRows()).toHaveLength(1);
  });

  it('serializes concurrent updates of one chat so no transition is lost', async () => {
    const updates = Array.from({ length: 15 }, () => textMessage(alice, '/count'));
    await Promise.all(updates.map((update) => harness.deliver(update)));
    const state = await harness.database.db
      .selectFrom('bot_chat_state')
      .select('state_payload')
      .executeTakeFirstOrThrow();
    expect(state.state_payload).toEqual({ count: 15 });
    expect(harness.telegram.textsSentTo(alice.id).sort()).toHaveLength(15);
  });

  it('gives handlers the sender’s users row, read after the chat’s lock was taken', async () => {
    const registering = harness.deliver(textMessage(alice, '/register'));
    // Once /register holds alice's chat (it sleeps inside its transaction), ask who she is.
    await waitFor(async () => {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity where query like '%pg_sleep(0.3)%'
          and state = 'active' and pid <> pg_backend_pid()
      `.execute(harness.database.db);
      return rows[0]?.n === 1;
    });
    const asking = harness.deliver(textMessage(alice, '/whoami'));
    await Promise.all([registering, asking]);
    // The second update waited for the first and saw the account it committed...
    expect(harness.telegram.textsSentTo(alice.id)).toEqual(['registered', 'known as specialist']);
    // ...as the very row Kysely reads (the claim returns it as JSON; dates come back as Dates).
    const stored = await harness.database.db
      .selectFrom('users')
      .selectAll()
      .where('telegram_id', '=', alice.id)
      .executeTakeFirstOrThrow();
    expect(sendersSeen.at(-1)).toEqual(stored);
    await harness.deliver(textMessage({ id: 5002 }, '/whoami'));
    expect(harness.telegram.textsSentTo(5002)).toEqual(['stranger']);
  });

  it('does not make different chats wait for each other', async () => {
    const people = Array.from({ length: 10 }, (_, index) => ({ id: 6000 + index }));
    await Promise.all(people.map((person) => harness.deliver(textMessage(person, '/count'))));
    const states = await harness.database.db
      .selectFrom('bot_chat_state')
      .select(['chat_id', 'state_payload'])
      .execute();
    expect(states).toHaveLength(10);
    expect(states.every((row) => row.state_payload.count === 1)).toBe(true);
  });

  it('rolls back a throwing handler, sends none of its replies, answers 200 and logs it', async () => {
    const update = textMessage(alice, '/boom');
    const response = await harness.deliver(update);
    expect(response).toEqual({ status: 200, body: { ok: true } });
    expect(await harness.database.db.selectFrom('users').selectAll().execute()).toHaveLength(0);
    expect(harness.telegram.callsTo('sendMessage')).toHaveLength(0);
    // Recorded as handled, so a redelivery does not run the failing handler again.
    expect((await dedupRows()).map((row) => row.update_id)).toEqual([update.update_id]);
    const errorLine = harness.logLines
      .map((line) => JSON.parse(line))
      .find((record) => record.msg === 'handler failed; its writes were rolled back');
    expect(errorLine).toMatchObject({
      bot_id: 'pro',
      update_id: update.update_id,
      chat_id: alice.id,
    });
    expect(errorLine.err.message).toBe('handler bug');
  });

  it('handles updates that have no chat, such as inline queries', async () => {
    const update = {
      update_id: nextUpdateId(),
      inline_query: {
        id: 'iq1',
        from: { id: 7001, is_bot: false, first_name: 'Bob' },
        query: 'q',
        offset: '',
      },
    };
    const response = await harness.deliver(update);
    expect(response.status).toBe(200);
    expect(await harness.database.db.selectFrom('users').select('telegram_id').execute()).toEqual([
      { telegram_id: 7001 },
    ]);
    expect(await harness.database.db.selectFrom('bot_chat_state').selectAll().execute()).toEqual(
      [],
    );
  });

  it('answers callback queries through the Bot API', async () => {
    await harness.deliver(buttonPress(alice, 'anything'));
    expect(harness.telegram.callsTo('answerCallbackQuery')).toHaveLength(1);
  });

  it('never writes message texts to the log', async () => {
    await harness.deliver(textMessage(alice, 'моя тайна: 12345'));
    await harness.deliver(textMessage(alice, '/boom секрет'));
    expect(harness.logLines.join('\n')).not.toMatch(/тайна|секрет/);
    expect(harness.logLines.join('\n')).not.toContain(harness.secret);
    expect(harness.logLines.join('\n')).not.toContain(harness.token);
  });
});

describe('webhook pipeline without a database', () => {
  it('answers 503 so that Telegram delivers the update again, and loses nothing', async () => {
    const nowhereUrl = 'postgresql://postgres@127.0.0.1:1/nowhere';
    const harness = await startServiceHarness({ botId: 'pro', buildApp });
    const unreachable = createDatabase({
      url: nowhereUrl,
      max: 1,
      connectionTimeoutMillis: 500,
    });
    const { config } = harness.deps;
    const nowhere = { ...config.database, url: nowhereUrl };
    const cutOff = await buildApp({
      ...harness.deps,
      config: { ...config, database: { ...nowhere, migrationUrl: nowhere.url } },
      db: unreachable,
    });
    const alice = { id: 5002 };
    const update = textMessage(alice, '/count');
    try {
      const response = await cutOff.inject({
        method: 'POST',
        url: '/webhook/pro',
        headers: { [SECRET_HEADER]: harness.secret, 'content-type': 'application/json' },
        payload: JSON.stringify(update),
      });
      expect(response.statusCode).toBe(503);
      expect(harness.telegram.callsTo('sendMessage')).toHaveLength(0);

      // Telegram's redelivery, once the database is back, is handled normally.
      expect(await harness.deliver(update)).toEqual({ status: 200, body: { ok: true } });
      expect(harness.telegram.textsSentTo(alice.id)).toEqual(['count 1']);
    } finally {
      await cutOff.close();
      await unreachable.destroy();
      await harness.close();
    }
  });
});

/** Polls `check` until it holds; bounded, so a test that waits in vain fails instead of hanging. */
async function waitFor(check: () => Promise<boolean>, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the condition never held');
}
