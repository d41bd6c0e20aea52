import type { Worker } from 'graphile-worker';
import type { Pool } from 'pg';

/**
 * Wakes a worker for jobs queued without a NOTIFY (enqueueJobQuietly), once the process that
 * queued them knows they have committed. An idle worker of this process looks at once, as a
 * notification would have made it; when every one is busy, the runners of other replicas
 * are told with one NOTIFY of its own, outside any update's transaction (those asked while
 * one is being sent share the next). Without either, a job waits for a runner's poll.
 *
 * The poll is the runner's, not each worker's (lookForDueJobs): one idle worker looks, and a
 * worker that a look found a job for wakes the next, so a backlog spreads over the idle
 * workers within a few looks while an idle runner asks PostgreSQL once per interval.
 */
export class WorkerWakeup {
  readonly #workers = new Set<Worker>();
  /** Workers nudged by the poll whose look has not ended yet. */
  readonly #looking = new Set<Worker>();
  #owed = 0;
  #announcing: Promise<void> | null = null;

  constructor(private readonly options: { pool: Pool; onError: (error: unknown) => void }) {}

  add(worker: Worker): void {
    this.#workers.add(worker);
  }

  /** A released worker takes no more nudges (graphile-worker asserts it is active). */
  remove(worker: Worker): void {
    this.#workers.delete(worker);
    this.#looking.delete(worker);
  }

  wake(count = 1): void {
    const wanted = count - this.#nudgeIdle(count);
    if (wanted <= 0) return;
    this.#owed += wanted;
    this.#announcing ??= this.#announce().finally(() => {
      this.#announcing = null;
    });
  }

  /** The runner's poll: one idle worker looks for a job that is due (none when all are busy). */
  lookForDueJobs(): void {
    this.#nudgeIdle(1, this.#looking);
  }

  /** A worker's look ended: one the poll nudged and that found a job wakes the next. */
  lookEnded(worker: Worker, foundJob: boolean): void {
    if (!this.#looking.delete(worker)) return;
    if (foundJob) this.#nudgeIdle(1, this.#looking);
  }

  /** Waits for a notification being sent, so the pool may close. */
  async stop(): Promise<void> {
    await this.#announcing;
  }

  /** Nudges up to `count` idle workers of this process; returns how many. */
  #nudgeIdle(count: number, marking?: Set<Worker>): number {
    let nudged = 0;
    for (const worker of this.#workers) {
      if (nudged >= count) break;
      if (this.#looking.has(worker)) continue;
      // What graphile-worker does on a jobs:insert notification: an idle worker looks now.
      marking?.add(worker);
      if (worker.nudge()) nudged += 1;
      else marking?.delete(worker);
    }
    return nudged;
  }

  async #announce(): Promise<void> {
    while (this.#owed > 0) {
      const count = this.#owed;
      this.#owed = 0;
      try {
        // graphile-worker's own message: its listeners nudge up to `count` idle workers.
        await this.options.pool.query(`select pg_notify('jobs:insert', $1)`, [
          JSON.stringify({ r: Math.random(), count }),
        ]);
      } catch (error) {
        // The runners' poll finds the jobs anyway.
        this.options.onError(error);
      }
    }
  }
}
