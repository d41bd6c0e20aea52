import { randomBytes, randomUUID } from 'node:crypto';
import { createDatabase, type Database } from '@psycheos/db';
import { createEmptyDatabase } from '@psycheos/testkit';
import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/migrate';
import { migrations } from '../src/migrations';

const BEFORE = '2026_12_07_004_subscription_first_payment';

/**
 * An upgrade from the release where the Симулятор was opened from a case card: what it
 * kept moves out of the real client's case; the other tools' rows keep theirs.
 */
describe('migration 2026_12_07_005_trainer_practice', () => {
  let scratch: Awaited<ReturnType<typeof createEmptyDatabase>>;
  // biome-ignore lint/suspicious/noExplicitAny: rows written in the older release's schema
  let db: Kysely<any>;

  beforeAll(async () => {
    scratch = await createEmptyDatabase('psycheos_trainer');
    await migrateToLatest(scratch.url);
    db = createDatabase({ url: scratch.url, max: 1 });
  });
  afterAll(async () => {
    await db?.destroy();
    await scratch?.drop();
  });

  const migrator = () =>
    new Migrator({
      db: db as Kysely<Database>,
      provider: { getMigrations: async () => migrations },
    });

  /** A tool's session on the case, with a conversation, a job, a result, usage, a link and a chat. */
  async function toolWorkOnCase(botId: string, kind: string, userId: string, caseId: string) {
    const session = await db
      .insertInto('tool_sessions')
      .values({ bot_id: botId, context_id: caseId, specialist_user_id: userId, chat_id: 4343 })
      .returning('session_id')
      .executeTakeFirstOrThrow();
    const jobId = randomUUID();
    await db
      .insertInto('ai_messages')
      .values({ session_id: session.session_id, topic: 1, role: 'user', content: 'Реплика' })
      .execute();
    await db
      .insertInto('ai_jobs')
      .values({ job_id: jobId, session_id: session.session_id, bot_id: botId, chat_id: 4343, kind })
      .execute();
    await db
      .insertInto('ai_results')
      .values({
        context_id: caseId,
        session_id: session.session_id,
        specialist_user_id: userId,
        bot_id: botId,
        kind,
        title: kind,
        body: 'Текст',
        prompt_version: 'v1',
        model: 'm',
        job_id: jobId,
      })
      .execute();
    await db
      .insertInto('ai_usage')
      .values({
        job_id: jobId,
        bot_id: botId,
        specialist_user_id: userId,
        context_id: caseId,
        model: 'm',
        input_tokens: 1,
        output_tokens: 1,
        cache_read_tokens: 0,
        cache_write_tokens: 0,
      })
      .execute();
    await db
      .insertInto('launch_tokens')
      .values({
        token: randomBytes(12).toString('hex'),
        bot_id: botId,
        specialist_user_id: userId,
        context_id: caseId,
        expires_at: new Date(Date.now() + 60_000),
      })
      .execute();
    await db
      .insertInto('bot_chat_state')
      .values({ bot_id: botId, chat_id: 4343, state: 'tool_session', context_id: caseId })
      .execute();
    return session.session_id as string;
  }

  /** Which case each table's rows of `botId` name now. */
  async function casesNamedBy(botId: string) {
    const rows = await sql<{ source: string; context_id: string | null }>`
      select 'tool_sessions' as source, context_id from tool_sessions where bot_id = ${botId}
      union all select 'ai_results', context_id from ai_results where bot_id = ${botId}
      union all select 'ai_usage', context_id from ai_usage where bot_id = ${botId}
      union all select 'launch_tokens', context_id from launch_tokens where bot_id = ${botId}
      union all select 'bot_chat_state', context_id from bot_chat_state where bot_id = ${botId}
      order by 1`.execute(db);
    return rows.rows;
  }

  const counts = async (sessionId: string) => {
    const row = await sql<{ messages: number; jobs: number }>`
      select (select count(*)::int from ai_messages where session_id = ${sessionId}) as messages,
             (select count(*)::int from ai_jobs where session_id = ${sessionId}) as jobs`.execute(
      db,
    );
    return row.rows[0];
  };

  it('moves the simulator’s sessions, results, usage, links and chats out of the case, and back down deletes them', async () => {
    expect((await migrator().migrateTo(BEFORE)).error).toBeUndefined();
    const user = await db
      .insertInto('users')
      .values({ telegram_id: 4343, role: 'specialist', username: null, full_name: null })
      .returning('user_id')
      .executeTakeFirstOrThrow();
    const theCase = await db
      .insertInto('contexts')
      .values({ specialist_user_id: user.user_id, client_ref: 'Кейс' })
      .returning('context_id')
      .executeTakeFirstOrThrow();
    const practice = await toolWorkOnCase(
      'simulator',
      'simulation',
      user.user_id,
      theCase.context_id,
    );
    const real = await toolWorkOnCase(
      'interpretator',
      'interpretation',
      user.user_id,
      theCase.context_id,
    );

    expect((await migrator().migrateToLatest()).error).toBeUndefined();
    const moved = await casesNamedBy('simulator');
    expect(moved.map((row) => row.source)).toEqual([
      'ai_results',
      'ai_usage',
      'bot_chat_state',
      'launch_tokens',
      'tool_sessions',
    ]);
    expect(moved.every((row) => row.context_id === null)).toBe(true);
    // The transcript and the job go with their session, which is the specialist's still.
    expect(await counts(practice)).toEqual({ messages: 1, jobs: 1 });
    const kept = await casesNamedBy('interpretator');
    expect(kept.every((row) => row.context_id === theCase.context_id)).toBe(true);
    expect(kept).toHaveLength(5);

    // Down: the older release keeps everything in a case; the caseless trainer rows go.
    expect((await migrator().migrateTo(BEFORE)).error).toBeUndefined();
    expect((await casesNamedBy('simulator')).map((row) => [row.source, row.context_id])).toEqual([
      ['ai_usage', null],
      ['bot_chat_state', null],
    ]);
    expect(await counts(practice)).toEqual({ messages: 0, jobs: 0 });
    expect(await counts(real)).toEqual({ messages: 1, jobs: 1 });
    expect(await casesNamedBy('interpretator')).toEqual(kept);
    await expect(
      db
        .insertInto('ai_results')
        .values({
          specialist_user_id: user.user_id,
          bot_id: 'simulator',
          kind: 'simulation',
          title: 't',
          body: 'b',
          prompt_version: 'v1',
          model: 'm',
        })
        .execute(),
    ).rejects.toThrow(/null value in column "context_id"/);
    expect((await migrator().migrateToLatest()).error).toBeUndefined();
  });
});
