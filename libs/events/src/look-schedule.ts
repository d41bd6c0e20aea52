/**
 * After a write, the gaps between the looks that follow it (at 10, 50, 200, 700 and 2,200 ms):
 * the writer is told before its transaction commits, and the drainer cannot see the commit,
 * so it looks at growing gaps. A row that commits within those two seconds is found at the
 * first look after its commit, at most about three and a half times as long after the write
 * as the commit took (10 ms at least); one that commits later, at the slow poll. Five looks
 * per burst of writes, however many rows; a write while the first is armed does not delay it.
 */
const FOLLOW_UP_GAPS_MS = [10, 40, 150, 500, 1_500] as const;

export interface LookScheduleOptions {
  /** Asks the drainer to look (it coalesces asks that come while it is looking). */
  look: () => void;
  /**
   * How often to look when nothing was written in this process: the bound on how late a
   * row is found that no signal announced (written by a process that crashed before its own
   * drainer ran, by a command-line tool, or announced by a notification that was lost).
   */
  slowMs: number;
}

/**
 * When an outbox's drainer (the event relay, a bot's reply sender) looks for rows: soon
 * after it is told rows were written, and otherwise only every `slowMs`.
 *
 * Why: both drainers polled every 200-250 ms, which was most of what the platform cost at
 * rest (about 2% of a core per bot process and 9 PostgreSQL transactions a second each;
 * docs/BENCHMARKS.md). The rows they drain are written by their own process nearly always,
 * which can say so; the slow poll is only the backstop.
 */
export class LookSchedule {
  #timer: NodeJS.Timeout | undefined;
  /** The follow-up look armed now, as an index into FOLLOW_UP_GAPS_MS; -1: the slow poll. */
  #followUp = -1;
  #stopped = true;

  constructor(private readonly options: LookScheduleOptions) {}

  /** Looks now, then at the slow pace. */
  start(): void {
    this.#stopped = false;
    this.#tick();
  }

  /** Rows were written (or are about to commit): look at each follow-up. */
  written(): void {
    if (this.#stopped || this.#followUp === 0) return;
    this.#followUp = 0;
    this.#arm(FOLLOW_UP_GAPS_MS[0]);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #tick(): void {
    if (this.#stopped) return;
    this.options.look();
    const next = this.#followUp >= 0 ? this.#followUp + 1 : -1;
    this.#followUp = next < FOLLOW_UP_GAPS_MS.length ? next : -1;
    this.#arm(FOLLOW_UP_GAPS_MS[this.#followUp] ?? this.options.slowMs);
  }

  #arm(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#tick(), delayMs);
    // A drainer never keeps a process alive on its own: shutdown stops it.
    this.#timer.unref();
  }
}
