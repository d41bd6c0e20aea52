import { createLogger } from '@psycheos/platform';
import { createTestDatabase, type TestDatabase } from '@psycheos/testkit';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { enqueueJobQuietly, type JobRunner, startJobRunner } from '../src/index';

/**
 * Jobs queued without a NOTIFY (the AI tools' requests, issue 26): as durable and as
 * once-only as the others, woken by the process that committed them.
 */
const logger = createLogger({ service: 'jobs-test', destination: { write: () => true } as never });

let database: TestDatabase;
const runners: JobRunner[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.stop();
  await sql`delete from graphile_worker._private_jobs`.execute(database.db);
});
afterAll(() => database.destroy());

async function startRunner(
  tasks: Parameters<typeof startJobRunner>[0]['tasks'],
  pollIntervalMs: number,
): Promise<JobRunner> {
  const runner = await startJobRunner({
    connectionString: database.url,
    concurrency: 3,
    logger,
    pollIntervalMs,
    tasks,
  });
  runners.push(runner);
  return runner;
}

const jobsLeft = async () =>
  (
    await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs`.execute(
      database.db,
    )
  ).rows[0]?.n;

describe('jobs queued without a NOTIFY', () => {
  it('runs each job of 40 concurrent transactions once across two replicas, and none that rolled back', async () => {
    const runs = new Map<number, number>();
    const record = async (payload: unknown) => {
      const { n } = payload as { n: number };
      runs.set(n, (runs.get(n) ?? 0) + 1);
      // Long enough for the other replica to try for the same job meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 20));
    };
    await startRunner({ answer: record }, 50);
    await startRunner({ answer: record }, 50);
    const requests = Array.from({ length: 40 }, (_, n) => n);
    const rolledBack = new Set(requests.filter((n) => n % 4 === 3));
    await Promise.all(
      requests.map((n) =>
        database.db
          .transaction()
          .execute(async (tx) => {
            await enqueueJobQuietly(tx, { task: 'answer', payload: { n }, key: `request-${n}` });
            if (rolledBack.has(n)) throw new Error('the handler failed');
          })
          .catch(() => undefined),
      ),
    );
    const committed = requests.filter((n) => !rolledBack.has(n));
    await vi.waitFor(async () => expect(await jobsLeft()).toBe(0), { timeout: 15_000 });
    // A second run would have started by now (both replicas poll every 50 ms).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([...runs.keys()].sort((a, b) => a - b)).toEqual(committed);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
  });

  it('sends no notification at commit; a wake-up after the commit starts it on an idle worker of this process without one', async () => {
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    const notified: string[] = [];
    listener.on('notification', (message) => notified.push(message.channel));
    await listener.query('listen "jobs:insert"');
    const ran: string[] = [];
    // A job waiting at the start is taken at once; after it the workers look again and, finding
    // nothing, wait for their next poll, a minute away: only the wake-up can start the next job.
    await enqueueJobQuietly(database.db, { task: 'answer', payload: { id: 'waiting' } });
    const runner = await startRunner(
      { answer: async (payload) => void ran.push((payload as { id: string }).id) },
      60_000,
    );
    await vi.waitFor(() => expect(ran).toEqual(['waiting']));
    await new Promise((resolve) => setTimeout(resolve, 200));
    try {
      await database.db
        .transaction()
        .execute((tx) => enqueueJobQuietly(tx, { task: 'answer', payload: { id: 'a' } }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(notified).toEqual([]);
      expect(ran).toEqual(['waiting']);
      runner.wake();
      await vi.waitFor(() => expect(ran).toEqual(['waiting', 'a']), { timeout: 5_000 });
      expect(notified).toEqual([]);
    } finally {
      await listener.end();
    }
  });

  it('tells the other replicas with one notification when every worker of this process is busy', async () => {
    let release!: () => void;
    const busy = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ran: string[] = [];
    const task = async (payload: unknown) => {
      const { id } = payload as { id: string };
      ran.push(id);
      if (id === 'long') await busy;
    };
    await enqueueJobQuietly(database.db, { task: 'answer', payload: { id: 'long' } });
    const busyReplica = await startJobRunner({
      connectionString: database.url,
      concurrency: 1,
      logger,
      pollIntervalMs: 60_000,
      tasks: { answer: task },
    });
    runners.push(busyReplica);
    await vi.waitFor(() => expect(ran).toEqual(['long']));
    await startRunner({ answer: task }, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    try {
      await enqueueJobQuietly(database.db, { task: 'answer', payload: { id: 'next' } });
      busyReplica.wake();
      await vi.waitFor(() => expect(ran).toEqual(['long', 'next']), { timeout: 5_000 });
    } finally {
      release();
    }
  });

  it('runs the jobs a process queued and died before waking anyone for, at the runner’s poll, on every idle worker', async () => {
    const started: number[] = [];
    let allStarted!: () => void;
    const together = new Promise<void>((resolve) => {
      allStarted = resolve;
    });
    // Each job ends only once all three have started: the backlog is shared, not taken one by one.
    await startRunner(
      {
        answer: async (payload) => {
          started.push((payload as { n: number }).n);
          if (started.length === 3) allStarted();
          await together;
        },
      },
      50,
    );
    // The runner's first looks are over: what follows is found by its poll alone.
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const n of [1, 2, 3]) {
      await enqueueJobQuietly(database.db, { task: 'answer', payload: { n } });
    }

    await vi.waitFor(async () => expect(await jobsLeft()).toBe(0), { timeout: 10_000 });
    expect(started.sort()).toEqual([1, 2, 3]);
  });

  it('keeps enqueueJob’s rules for a key: added once, a waiting job keeps its time', async () => {
    const later = new Date(Date.now() + 60 * 60 * 1_000);
    await enqueueJobQuietly(database.db, { task: 'due', payload: {}, key: 'due-1', runAt: later });
    await enqueueJobQuietly(database.db, {
      task: 'due',
      payload: {},
      key: 'due-1',
      runAt: new Date(Date.now() + 2 * 60 * 60 * 1_000),
    });
    const { rows } = await sql<{ run_at: Date; max_attempts: number }>`
      select run_at, max_attempts from graphile_worker.jobs where key = 'due-1'
    `.execute(database.db);
    expect(rows).toEqual([{ run_at: later, max_attempts: 5 }]);
  });

  it('adds a new job beside a running one of the same key, as add_job does', async () => {
    await enqueueJobQuietly(database.db, { task: 'answer', payload: { n: 1 }, key: 'k' });
    await sql`
      update graphile_worker._private_jobs set locked_by = 'worker-busy', locked_at = now()
    `.execute(database.db);
    await enqueueJobQuietly(database.db, { task: 'answer', payload: { n: 2 }, key: 'k' });
    const { rows } = await sql<{ key: string | null; payload: { n: number } }>`
      select key, payload from graphile_worker._private_jobs order by id
    `.execute(database.db);
    expect(rows).toEqual([
      { key: null, payload: { n: 1 } },
      { key: 'k', payload: { n: 2 } },
    ]);
  });
});
