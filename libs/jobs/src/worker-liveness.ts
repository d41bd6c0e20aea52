import type { Pool } from 'pg';

const HEARTBEAT_MS = 5_000;
/** A worker whose process has not spoken for this long is taken for dead. */
const DEAD_AFTER_SECONDS = 30;

export interface WorkerLivenessOptions {
  pool: Pool;
  /** Told about anything that failed, once per failure; the next beat tries again. */
  onError: (error: unknown) => void;
  heartbeatMs?: number;
  deadAfterSeconds?: number;
}

/**
 * Why this exists: graphile-worker leaves a job locked by a worker that died (SIGKILL, a
 * lost host) for four hours before another worker may take it. An AI answer four hours
 * late is no answer. So every runner writes a heartbeat for its workers, and each beat
 * also releases the jobs of workers whose process stopped beating, with the queue's own
 * `force_unlock_workers`: a job cut off mid-answer runs again within about half a minute
 * of its process dying, or at once when the service comes back.
 */
export class WorkerLiveness {
  private readonly workerIds = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> = Promise.resolve();

  constructor(private readonly options: WorkerLivenessOptions) {}

  add(workerId: string): void {
    this.workerIds.add(workerId);
  }

  remove(workerId: string): void {
    this.workerIds.delete(workerId);
  }

  /** One beat now (so a restarted service frees its dead predecessor's jobs at once), then on a timer. */
  start(): Promise<void> {
    this.beating = this.beat();
    this.timer = setInterval(() => {
      this.beating = this.beat();
    }, this.options.heartbeatMs ?? HEARTBEAT_MS);
    this.timer.unref();
    return this.beating;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.beating;
    const ids = [...this.workerIds];
    if (ids.length > 0) {
      await this.options.pool
        .query('delete from job_workers where worker_id = any($1::text[])', [ids])
        .catch(this.options.onError);
    }
  }

  private async beat(): Promise<void> {
    const deadAfter = this.options.deadAfterSeconds ?? DEAD_AFTER_SECONDS;
    try {
      await this.options.pool.query(
        `with beat as (
           insert into job_workers (worker_id, heartbeat_at)
           select unnest($1::text[]), now()
           on conflict (worker_id) do update set heartbeat_at = now()
         ),
         dead as (
           delete from job_workers
           where heartbeat_at < now() - make_interval(secs => $2)
             and not (worker_id = any($1::text[]))
           returning worker_id
         ),
         orphaned as (
           select distinct j.locked_by as worker_id
           from graphile_worker.jobs j
           where j.locked_by is not null
             and not (j.locked_by = any($1::text[]))
             and j.locked_at < now() - make_interval(secs => $2)
             and not exists (
               select 1 from job_workers w
               where w.worker_id = j.locked_by and w.heartbeat_at >= now() - make_interval(secs => $2)
             )
           union
           select worker_id from dead
         )
         select graphile_worker.force_unlock_workers(array(select worker_id from orphaned))`,
        [[...this.workerIds], deadAfter],
      );
    } catch (error) {
      this.options.onError(error);
    }
  }
}
