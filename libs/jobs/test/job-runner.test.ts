import { createLogger } from '@psycheos/platform';
import { captureLogs, createTestDatabase, type TestDatabase } from '@psycheos/testkit';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob, type JobRunner, startJobRunner } from '../src/index';

const logger = createLogger({ service: 'jobs-test', destination: { write: () => true } as never });

let database: TestDatabase;
let runner: JobRunner | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
  await sql`delete from graphile_worker._private_jobs`.execute(database.db);
});
afterAll(() => database.destroy());

/** Resolves when `count` calls have been seen. */
function recorder<T>(count: number) {
  const seen: T[] = [];
  let done!: () => void;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  return {
    seen,
    all,
    add(value: T) {
      seen.push(value);
      if (seen.length === count) done();
    },
  };
}

describe('jobs', () => {
  it('runs a job added in a transaction that committed, and never one whose transaction rolled back', async () => {
    const ran = recorder<string>(1);
    await database.db
      .transaction()
      .execute(async (tx) => {
        await enqueueJob(tx, { task: 'note', payload: { name: 'rolled back' } });
        throw new Error('handler failed');
      })
      .catch(() => {});
    await database.db
      .transaction()
      .execute((tx) => enqueueJob(tx, { task: 'note', payload: { name: 'committed' } }));
    runner = await startJobRunner({
      connectionString: database.url,
      concurrency: 2,
      logger,
      tasks: {
        note: async (payload) => ran.add((payload as { name: string }).name),
      },
    });
    await ran.all;
    await runner.stop();
    runner = undefined;
    expect(ran.seen).toEqual(['committed']);
  });

  it('runs one queue’s jobs one at a time in order, other queues beside them, never above the concurrency', async () => {
    const total = 9;
    const ran = recorder<string>(total);
    let running = 0;
    let mostAtOnce = 0;
    const runningPerQueue = new Map<string, number>();
    for (let i = 0; i < total; i += 1) {
      const queue = `chat-${i % 3}`;
      await enqueueJob(database.db, { task: 'turn', payload: { queue, n: i }, queue });
    }
    runner = await startJobRunner({
      connectionString: database.url,
      concurrency: 2,
      logger,
      pollIntervalMs: 100,
      tasks: {
        turn: async (payload) => {
          const { queue, n } = payload as { queue: string; n: number };
          running += 1;
          mostAtOnce = Math.max(mostAtOnce, running);
          runningPerQueue.set(queue, (runningPerQueue.get(queue) ?? 0) + 1);
          expect(runningPerQueue.get(queue)).toBe(1);
          await new Promise((resolve) => setTimeout(resolve, 30));
          runningPerQueue.set(queue, (runningPerQueue.get(queue) ?? 0) - 1);
          running -= 1;
          ran.add(`${queue}:${n}`);
        },
      },
    });
    await ran.all;
    expect(mostAtOnce).toBeLessThanOrEqual(2);
    for (const queue of ['chat-0', 'chat-1', 'chat-2']) {
      const order = ran.seen
        .filter((entry) => entry.startsWith(queue))
        .map((e) => Number(e.split(':')[1]));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(order).toHaveLength(3);
    }
  });

  it('keeps a job queued for later until its time, and queuing it again under its key does not move it', async () => {
    const later = new Date(Date.now() + 60 * 60 * 1_000);
    await enqueueJob(database.db, { task: 'due', payload: {}, key: 'due-1', runAt: later });
    await enqueueJob(database.db, {
      task: 'due',
      payload: {},
      key: 'due-1',
      runAt: new Date(Date.now() + 2 * 60 * 60 * 1_000),
    });
    const { rows } = await sql<{ run_at: Date }>`
      select run_at from graphile_worker.jobs where key = 'due-1'
    `.execute(database.db);
    expect(rows).toEqual([{ run_at: later }]);
  });

  it('adds a job with the same key once', async () => {
    for (let i = 0; i < 3; i += 1) {
      await enqueueJob(database.db, { task: 'once', payload: { i }, key: 'update-42' });
    }
    const { rows } = await sql<{ count: number }>`
      select count(*)::int as count from graphile_worker.jobs where key = 'update-42'
    `.execute(database.db);
    expect(rows[0]?.count).toBe(1);
  });

  it('runs again, soon, a job whose worker died holding it', async () => {
    await enqueueJob(database.db, { task: 'answer', payload: { question: 1 } });
    // What a SIGKILLed process leaves: the job locked by a worker that will never beat again.
    await sql`
      update graphile_worker._private_jobs
      set locked_by = 'worker-killed', locked_at = now() - interval '10 seconds', attempts = 1
    `.execute(database.db);
    const ran = recorder<number>(1);
    runner = await startJobRunner({
      connectionString: database.url,
      concurrency: 1,
      logger,
      pollIntervalMs: 100,
      heartbeatMs: 100,
      deadAfterSeconds: 5,
      tasks: { answer: async (payload) => ran.add((payload as { question: number }).question) },
    });
    await ran.all;
    expect(ran.seen).toEqual([1]);
  });

  it('leaves alone a job held by a worker that is still beating', async () => {
    await enqueueJob(database.db, { task: 'answer', payload: { question: 2 } });
    await sql`
      insert into job_workers (worker_id, heartbeat_at) values ('worker-alive', now())
    `.execute(database.db);
    await sql`
      update graphile_worker._private_jobs
      set locked_by = 'worker-alive', locked_at = now() - interval '10 seconds', attempts = 1
    `.execute(database.db);
    const ran: number[] = [];
    runner = await startJobRunner({
      connectionString: database.url,
      concurrency: 1,
      logger,
      pollIntervalMs: 100,
      heartbeatMs: 100,
      deadAfterSeconds: 5,
      tasks: {
        answer: async (payload) => void ran.push((payload as { question: number }).question),
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const { rows } = await sql<{ locked_by: string | null }>`
      select locked_by from graphile_worker.jobs
    `.execute(database.db);
    expect(rows[0]?.locked_by).toBe('worker-alive');
    expect(ran).toEqual([]);
  });

  it('logs a failed attempt by its job, task and error code, never the error’s words', async () => {
    const captured = captureLogs('jobs-test');
    await enqueueJob(database.db, { task: 'refused', payload: {}, maxAttempts: 1 });
    const failed = recorder<void>(1);
    runner = await startJobRunner({
      connectionString: database.url,
      concurrency: 1,
      logger: captured.logger,
      pollIntervalMs: 100,
      tasks: {
        refused: async () => {
          failed.add();
          // As a database error quotes the value it refused.
          throw Object.assign(new Error('value too long: «мне не хочется жить»'), {
            code: '22001',
          });
        },
      },
    });
    await failed.all;
    const line = async () =>
      captured.records().find((record) => record.msg === 'a job failed on its last attempt');
    for (let i = 0; i < 100 && !(await line()); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await line()).toMatchObject({ task: 'refused', attempt: 1, error_code: '22001' });
    expect(captured.lines.join('\n')).not.toContain('не хочется жить');
  });
});
