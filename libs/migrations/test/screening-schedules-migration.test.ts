import type { Database } from '@psycheos/db';
import { createTestDatabase, type TestDatabase } from '@psycheos/testkit';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Migration 2026_12_07_007_screening_schedules: one schedule not stopped per case and
 * client, and a client who blocked the screen bot found by Telegram's 403, in the reply
 * sender's own write.
 */
describe('migration 2026_12_07_007_screening_schedules', () => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  let nextTelegramId = 4_710_000_000;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database?.destroy());

  async function caseWithClient() {
    const [specialist, client] = await db
      .insertInto('users')
      .values([
        { telegram_id: ++nextTelegramId, role: 'specialist', username: null, full_name: null },
        { telegram_id: ++nextTelegramId, role: 'client', username: null, full_name: null },
      ])
      .returning(['user_id', 'telegram_id'])
      .execute();
    if (!specialist || !client) throw new Error('no users');
    const theCase = await db
      .insertInto('contexts')
      .values({ specialist_user_id: specialist.user_id, client_ref: 'Кейс' })
      .returning('context_id')
      .executeTakeFirstOrThrow();
    return { contextId: theCase.context_id, client };
  }

  const schedule = (contextId: string, clientUserId: string | null) =>
    db
      .insertInto('screening_schedules')
      .values({
        context_id: contextId,
        client_user_id: clientUserId,
        instruments: ['phq9'],
        cadence_days: 7,
        starts_at: new Date(),
      })
      .returning('schedule_id')
      .executeTakeFirstOrThrow();

  /** A reply of `bot` to the chat, settled by the sender as failed with Telegram's words. */
  async function refused(bot: string, chatId: number, reason: string) {
    const row = await db
      .insertInto('reply_outbox')
      .values({ bot_id: bot, chat_id: chatId, method: 'sendMessage', payload: '{}', priority: 0 })
      .returning('reply_id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('reply_outbox')
      .set({ status: 'failed', last_error: reason, payload: null })
      .where('reply_id', '=', row.reply_id)
      .execute();
  }

  const stopJobs = async () => {
    const { rows } = await sql<{ key: string; payload: { scheduleId: string } }>`
      select j.key, j.payload from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'screening_schedule:blocked'
    `.execute(db);
    return rows;
  };

  it('keeps one schedule not stopped per case and client, and one open link per case', async () => {
    const { contextId, client } = await caseWithClient();
    const first = await schedule(contextId, client.user_id);
    await expect(schedule(contextId, client.user_id)).rejects.toThrow(/one_per_client/);
    await db
      .updateTable('screening_schedules')
      .set({ status: 'stopped', stop_reason: 'specialist' })
      .where('schedule_id', '=', first.schedule_id)
      .execute();
    await schedule(contextId, client.user_id);
    await schedule(contextId, null);
    await expect(schedule(contextId, null)).rejects.toThrow(/one_open_link/);
  });

  it('queues one stop per schedule of a client Telegram refused with 403, and none for other failures', async () => {
    const { contextId, client } = await caseWithClient();
    const live = await schedule(contextId, client.user_id);
    const other = await caseWithClient();

    await refused('screen', client.telegram_id, '400: Bad Request: message is too long');
    await refused('pro', client.telegram_id, '403: Forbidden: bot was blocked by the user');
    await refused(
      'screen',
      other.client.telegram_id,
      '403: Forbidden: bot was blocked by the user',
    );
    expect(await stopJobs()).toEqual([]);

    await refused('screen', client.telegram_id, '403: Forbidden: bot was blocked by the user');
    await refused('screen', client.telegram_id, '403: Forbidden: bot was blocked by the user');
    expect(await stopJobs()).toEqual([
      { key: `screening-blocked:${live.schedule_id}`, payload: { scheduleId: live.schedule_id } },
    ]);
  });

  it('goes with its case, and forgets a client whose account is deleted', async () => {
    const { contextId, client } = await caseWithClient();
    const kept = await schedule(contextId, client.user_id);
    await db.deleteFrom('users').where('user_id', '=', client.user_id).execute();
    const row = await db
      .selectFrom('screening_schedules')
      .select('client_user_id')
      .where('schedule_id', '=', kept.schedule_id)
      .executeTakeFirstOrThrow();
    expect(row.client_user_id).toBeNull();
    await db.deleteFrom('contexts').where('context_id', '=', contextId).execute();
    const left = await db
      .selectFrom('screening_schedules')
      .select('schedule_id')
      .where('context_id', '=', contextId)
      .execute();
    expect(left).toEqual([]);
  });
});
