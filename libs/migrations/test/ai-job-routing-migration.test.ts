import { randomUUID } from 'node:crypto';
import { createDatabase, type Database } from '@psycheos/db';
import { createEmptyDatabase } from '@psycheos/testkit';
import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/migrate';
import { migrations } from '../src/migrations';

/**
 * An upgrade from the release where the three AI tools shared one graphile-worker task
 * (`ai_job`) and queued each chat's requests in `ai:<bot>:<chat id>`: what was waiting is
 * handed to its own tool, and the queue rows naming people are gone.
 */
describe('migration 2026_12_07_001_ai_job_routing', () => {
  let scratch: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let db: Kysely<Database>;

  beforeAll(async () => {
    scratch = await createEmptyDatabase('psycheos_routing');
    await migrateToLatest(scratch.url);
    db = createDatabase({ url: scratch.url, max: 1 });
  });
  afterAll(async () => {
    await db?.destroy();
    await scratch?.drop();
  });

  const migrator = () => new Migrator({ db, provider: { getMigrations: async () => migrations } });

  async function sessionOf(botId: string, userId: string, contextId: string) {
    return db
      .insertInto('tool_sessions')
      .values({ bot_id: botId, context_id: contextId, specialist_user_id: userId, chat_id: 4242 })
      .returning('session_id')
      .executeTakeFirstOrThrow();
  }

  /** A request as the older release recorded and queued it. */
  async function olderReleaseRequest(
    botId: string,
    sessionId: string,
    status: 'queued' | 'running' | 'done',
  ): Promise<string> {
    const jobId = randomUUID();
    await db
      .insertInto('ai_jobs')
      .values({
        job_id: jobId,
        session_id: sessionId,
        bot_id: botId,
        chat_id: 4242,
        kind: 'k',
        status,
      })
      .execute();
    await sql`select graphile_worker.add_job('ai_job', json_build_object('jobId', ${jobId}::text),
      queue_name => ${`ai:${botId}:4242`}::text, job_key => ${jobId}::text, max_attempts => 10)`.execute(
      db,
    );
    return jobId;
  }

  it('hands waiting requests to their own tool and forgets the queues named after chats', async () => {
    // Back to the release before it (and every later migration with it).
    const down = await migrator().migrateTo('2026_11_27_001_billing');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((result) => result.migrationName)).toContain(
      '2026_12_07_001_ai_job_routing',
    );
    const user = await db
      .insertInto('users')
      .values({ telegram_id: 4242, role: 'specialist', username: null, full_name: null })
      .returning('user_id')
      .executeTakeFirstOrThrow();
    const theCase = await db
      .insertInto('contexts')
      .values({ specialist_user_id: user.user_id, client_ref: 'Кейс' })
      .returning('context_id')
      .executeTakeFirstOrThrow();
    const interpretator = await sessionOf('interpretator', user.user_id, theCase.context_id);
    const simulator = await sessionOf('simulator', user.user_id, theCase.context_id);
    const waiting = await olderReleaseRequest('interpretator', interpretator.session_id, 'queued');
    const cutOff = await olderReleaseRequest('simulator', simulator.session_id, 'running');
    const answered = await olderReleaseRequest('interpretator', interpretator.session_id, 'done');
    // An earlier request's queue, long empty: graphile-worker keeps the row anyway.
    await sql`insert into graphile_worker._private_job_queues (queue_name) values ('ai:conceptualizator:4242')`.execute(
      db,
    );

    const up = await migrator().migrateToLatest();
    expect(up.error).toBeUndefined();

    const jobs = await sql<{ key: string; task_identifier: string; queue_name: string | null }>`
      select key, task_identifier, queue_name from graphile_worker.jobs order by task_identifier`.execute(
      db,
    );
    expect(jobs.rows).toEqual([
      { key: waiting, task_identifier: 'ai_job:interpretator', queue_name: null },
      { key: cutOff, task_identifier: 'ai_job:simulator', queue_name: null },
    ]);
    expect(jobs.rows.map((job) => job.key)).not.toContain(answered);
    const queues = await sql<{ queue_name: string }>`
      select queue_name from graphile_worker._private_job_queues`.execute(db);
    expect(queues.rows).toEqual([]);
  });
});
