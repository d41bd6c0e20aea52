/**
 * A counter bumped on every change to any chat, so the playground's page can long-poll
 * (waitForChange) instead of asking again and again, and sees every message, edit, draft
 * and delete as soon as it happens.
 */
export function createChangeFeed(onChange: () => void = () => {}) {
  let version = 0;
  const waiters = new Set<() => void>();

  return {
    version: () => version,
    bump(): void {
      version++;
      onChange();
      for (const wake of [...waiters]) wake();
    },
    /** The version once it moves past `since`, or the same one after `timeoutMs`. */
    waitForChange(since: number, timeoutMs: number): Promise<number> {
      if (version > since) return Promise.resolve(version);
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve(version);
        };
        const timer = setTimeout(done, timeoutMs);
        waiters.add(done);
      });
    },
    /** Lets every long poll go (the server is closing). */
    releaseAll(): void {
      for (const wake of [...waiters]) wake();
    },
  };
}

export type ChangeFeed = ReturnType<typeof createChangeFeed>;
