/**
 * Work a request starts and does not wait for (the query answers sent after commit), kept
 * track of so that shutdown can wait for it: a process stops only once they are out.
 */
export class BackgroundTasks {
  readonly #pending = new Set<Promise<void>>();

  /** Runs `task` in the background; it must log its own failures. */
  run(task: () => Promise<void>): void {
    const running = task().catch(() => {});
    this.#pending.add(running);
    void running.then(() => this.#pending.delete(running));
  }

  /** Resolves when every task started so far, and any they started, has finished. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
