import { createDatabase } from '@psycheos/db';
import { enqueueJob, enqueueJobQuietly, installJobQueueSchema } from '@psycheos/jobs';
import { createTemplateDatabase, databaseUrl, dropTemplateDatabase } from '@psycheos/testkit';
import { sql } from 'kysely';
import pg from 'pg';
import { median } from './footprint';

export interface EnqueueProbeOptions {
  /** Transactions started at once, as many presses arrive at once. */
  transactions: number;
  /** Connections they share: a service's pool (5 + 5). */
  connections: number;
  /** Rounds per way of enqueueing, taken in turns. */
  rounds: number;
}

export const ENQUEUE_PROBE_FULL: EnqueueProbeOptions = {
  transactions: 50,
  connections: 10,
  rounds: 5,
};
export const ENQUEUE_PROBE_SMOKE: EnqueueProbeOptions = {
  transactions: 10,
  connections: 4,
  rounds: 1,
};

export interface EnqueueTimings {
  /** Whole transaction (a row of its own, the enqueue, the commit), p50 / p99 ms. */
  transactionP50: number;
  transactionP99: number;
  /** The COMMIT alone, p50 / p99 ms. */
  commitP50: number;
  commitP99: number;
}

export interface EnqueueProbeResult extends EnqueueProbeOptions {
  addJob: EnqueueTimings;
  quietly: EnqueueTimings;
}

/**
 * PostgreSQL's side of a burst of AI requests, apart from everything else: `transactions`
 * transactions at once over a pool of `connections`, each inserting a row and queuing one job
 * as a press does, with graphile-worker's add_job (which NOTIFYs at commit) and with
 * enqueueJobQuietly (no NOTIFY), rounds in turns. Medians over the rounds of each round's
 * p50 and p99.
 */
export async function probeEnqueue(options: EnqueueProbeOptions): Promise<EnqueueProbeResult> {
  const name = await createTemplateDatabase();
  const url = databaseUrl(name);
  const setup = new pg.Pool({ connectionString: url, max: 2 });
  await installJobQueueSchema(setup);
  await setup.query('create table bench_request (id bigserial primary key, at timestamptz)');
  await setup.end();
  const db = createDatabase({ url, max: options.connections });
  const ways = {
    addJob: enqueueJob,
    quietly: enqueueJobQuietly,
  } as const;
  const samples: Record<keyof typeof ways, { transaction: number[]; commit: number[] }[]> = {
    addJob: [],
    quietly: [],
  };
  let next = 0;
  const burst = async (way: keyof typeof ways) => {
    const transaction: number[] = [];
    const commit: number[] = [];
    await Promise.all(
      Array.from({ length: options.transactions }, async () => {
        const started = performance.now();
        let beforeCommit = started;
        await db.transaction().execute(async (tx) => {
          await sql`insert into bench_request (at) values (now())`.execute(tx);
          next += 1;
          await ways[way](tx, { task: 'bench_answer', payload: { n: next }, key: `bench-${next}` });
          beforeCommit = performance.now();
        });
        const ended = performance.now();
        transaction.push(ended - started);
        commit.push(ended - beforeCommit);
      }),
    );
    return { transaction, commit };
  };
  try {
    // Warm: connections open, statements prepared, the task row there.
    await burst('addJob');
    await burst('quietly');
    for (let round = 0; round < options.rounds; round += 1) {
      for (const way of Object.keys(ways) as (keyof typeof ways)[]) {
        samples[way].push(await burst(way));
      }
    }
  } finally {
    await db.destroy();
    await dropTemplateDatabase(name);
  }
  const timings = (way: keyof typeof ways): EnqueueTimings => ({
    transactionP50: median(samples[way].map((round) => quantile(round.transaction, 0.5))),
    transactionP99: median(samples[way].map((round) => quantile(round.transaction, 0.99))),
    commitP50: median(samples[way].map((round) => quantile(round.commit, 0.5))),
    commitP99: median(samples[way].map((round) => quantile(round.commit, 0.99))),
  });
  return { ...options, addJob: timings('addJob'), quietly: timings('quietly') };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}
