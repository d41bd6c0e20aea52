import type { Worker } from 'graphile-worker';
import type { Pool } from 'pg';

/**
 * Wakes a worker for jobs queued without a NOTIFY (enqueueJobQuietly), once the process that
 * queued them knows they have committed. An idle worker of this process looks at once, as a
 * notification would have made it; when every one is busy, the runners of other replicas
 * are told with one NOTIFY of its own, outside any update's transaction (those asked while
 * one is being sent share the next). Without either, a job waits for a runner's poll.
 */
export class WorkerWakeup {
  readonly #workers = new Set<Worker>();
  #owed = 0;
  #announcing: Promise<void> | null = null;

  constructor(private readonly options: { pool: Pool; onError: (error: unknown) => void }) {}

  add(worker: Worker): void {
    this.#workers.add(worker);
  }

  /** A released worker takes no more nudges (graphile-worker asserts it is active). */
  remove(worker: Worker): void {
    this.#workers.delete(worker);
  }

  wake(count = 1): void {
    let wanted = count;
    for (const worker of this.#workers) {
      if (wanted <= 0) return;
      // What graphile-worker does on a jobs:insert notification: an idle worker looks now.
      if (worker.nudge()) wanted -= 1;
    }
    if (wanted <= 0) return;
    this.#owed += wanted;
    this.#announcing ??= this.#announce().finally(() => {
      this.#announcing = null;
    });
  }

  /** Waits for a notification being sent, so the pool may close. */
  async stop(): Promise<void> {
    await this.#announcing;
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
