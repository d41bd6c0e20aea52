import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@psycheos/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueReplies, pruneSettledReplies, REPLY_PRIORITY } from '../src/replies/reply-outbox';
import { pruneTables } from '../src/retention/prune-tables';
import { DEFAULT_RETENTION } from '../src/retention/retention-periods';

/**
 * The tables that grow with use stay bounded: each keeps a row only as long as it is needed
 * (retention/prune-tables.ts). Rows are written here with the ages they would have.
 */
describe('pruning the tables that grow', () => {
  let database: TestDatabase;
  let specialistId: string;
  let caseId: string;
  const db = () => database.db;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());
  beforeEach(async () => {
    await database.truncateAll();
    const specialist = await db()
      .insertInto('users')
      .values({ telegram_id: 100, role: 'specialist' })
      .returning('user_id')
      .executeTakeFirstOrThrow();
    specialistId = specialist.user_id;
    const context = await db()
      .insertInto('contexts')
      .values({ specialist_user_id: specialistId, client_ref: 'K-1' })
      .returning('context_id')
      .executeTakeFirstOrThrow();
    caseId = context.context_id;
  });

  /** A chat's row for `bot`, last active `quiet` ago. */
  const chat = (bot: string, chatId: number, quiet: string, state: string | null = null) =>
    sql`
      insert into bot_chat_state (bot_id, chat_id, telegram_user_id, state, updated_at, rate_window_start)
      values (${bot}, ${chatId}, ${chatId}, ${state}, now() - ${quiet}::interval, now() - ${quiet}::interval)
    `.execute(db());
  const chatsLeft = async (bot: string) =>
    (
      await db()
        .selectFrom('bot_chat_state')
        .select('chat_id')
        .where('bot_id', '=', bot)
        .orderBy('chat_id')
        .execute()
    ).map((row) => row.chat_id);

  it("forgets a stranger's chat a day after it went quiet, and keeps a chat that is talking", async () => {
    await chat('screen', 1, '2 days');
    await chat('screen', 2, '1 hour');
    await pruneTables(db(), 'screen', 10);
    expect(await chatsLeft('screen')).toEqual([2]);
  });

  it('keeps a chat for as long as the stranger interval promises silence, when that is longer', async () => {
    await chat('screen', 1, '2 days');
    await pruneTables(db(), 'screen', 3 * 24 * 60);
    expect(await chatsLeft('screen')).toEqual([1]);
  });

  it("drops a conversation of someone with no account after a month of silence, but never a specialist's", async () => {
    await chat('screen', 3, '40 days', 'consent');
    await chat('screen', 4, '5 days', 'consent');
    await chat('screen', 100, '40 days', 'waiting_case_name');
    await pruneTables(db(), 'screen', 10);
    expect(await chatsLeft('screen')).toEqual([4, 100]);
  });

  it("leaves the other bots' chats to their own services", async () => {
    await chat('pro', 1, '2 days');
    await pruneTables(db(), 'screen', 10);
    expect(await chatsLeft('pro')).toEqual([1]);
  });

  it('deletes launch links a month after they expired, used or not', async () => {
    const link = (token: string, expired: string) =>
      sql`
        insert into launch_tokens (token, bot_id, specialist_user_id, context_id, expires_at)
        values (${token}, 'screen', ${specialistId}, ${caseId}, now() - ${expired}::interval)
      `.execute(db());
    await link('old', '31 days');
    await link('recent', '29 days');
    await link('live', '-1 day');
    await pruneTables(db(), 'screen', 10);
    const left = await db().selectFrom('launch_tokens').select('token').orderBy('token').execute();
    expect(left.map((row) => row.token)).toEqual(['live', 'recent']);
  });

  it('deletes published events and handled inbox rows once JetStream no longer keeps them, never the backlog', async () => {
    const event = (published: string | null, created: string) =>
      sql`
        insert into event_outbox (event_id, subject, payload, idempotency_key, created_at, published_at)
        values (${randomUUID()}, 'psycheos.case.created', '{}', ${randomUUID()},
                now() - ${created}::interval,
                ${published === null ? null : sql`now() - ${published}::interval`})
      `.execute(db());
    await event('9 days', '9 days');
    await event('7 days', '7 days');
    await event(null, '30 days');
    const handled = (ago: string) =>
      sql`
        insert into event_inbox (consumer, event_id, handled_at)
        values ('pro-notices', ${randomUUID()}, now() - ${ago}::interval)
      `.execute(db());
    await handled('9 days');
    await handled('1 day');

    const pruned = await pruneTables(db(), 'pro', 10);
    expect(pruned.events).toBe(2);
    const outbox = await db()
      .selectFrom('event_outbox')
      .select(sql<boolean>`published_at is null`.as('pending'))
      .orderBy('created_at')
      .execute();
    expect(outbox.map((row) => row.pending)).toEqual([true, false]);
    expect(await db().selectFrom('event_inbox').selectAll().execute()).toHaveLength(1);
  });

  it('deletes dedup rows after 48 hours', async () => {
    await sql`
      insert into telegram_update_dedup (bot_id, update_id, created_at)
      values ('screen', 1, now() - interval '49 hours'), ('screen', 2, now() - interval '47 hours')
    `.execute(db());
    expect((await pruneTables(db(), 'screen', 10)).telegram_update_dedup).toBe(1);
  });

  it('keeps each table as long as configured, longer or shorter than the default', async () => {
    await sql`
      insert into telegram_update_dedup (bot_id, update_id, created_at)
      values ('screen', 1, now() - interval '49 hours'), ('screen', 2, now() - interval '73 hours')
    `.execute(db());
    await chat('screen', 1, '3 hours');
    await chat('screen', 2, '30 minutes');
    const periods = { ...DEFAULT_RETENTION, updateDedupHours: 72, chatCountersHours: 2 };
    const pruned = await pruneTables(db(), 'screen', 10, periods);
    expect(pruned.telegram_update_dedup).toBe(1);
    expect(await chatsLeft('screen')).toEqual([2]);
    const dedupLeft = await db().selectFrom('telegram_update_dedup').select('update_id').execute();
    expect(dedupLeft.map((row) => row.update_id)).toEqual([1]);
  });

  it('keeps a failed or expired reply as long as configured, and never a pending one by age', async () => {
    for (const chat of [1, 2, 3]) {
      await enqueueReplies(db(), {
        botId: 'pro',
        chatId: chat,
        priority: REPLY_PRIORITY.known,
        calls: [{ method: 'sendMessage', payload: { chat_id: chat, text: 'привет' } }],
      });
    }
    await sql`
      update reply_outbox set status = 'failed', settled_at = now() - interval '13 hours'
      where chat_id = 1
    `.execute(db());
    await sql`
      update reply_outbox set status = 'expired', settled_at = now() - interval '11 hours'
      where chat_id = 2
    `.execute(db());
    await sql`update reply_outbox set created_at = now() - interval '30 days' where chat_id = 3`.execute(
      db(),
    );
    expect(await pruneSettledReplies(db(), 'pro', 48)).toBe(0);
    expect(await pruneSettledReplies(db(), 'pro', 12)).toBe(1);
    const left = await db()
      .selectFrom('reply_outbox')
      .select('chat_id')
      .orderBy('chat_id')
      .execute();
    expect(left.map((row) => row.chat_id)).toEqual([2, 3]);
  });
});
