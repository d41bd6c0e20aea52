/**
 * A process-wide "look soon": whoever writes tells whoever listens in the same process,
 * nothing is queued or kept. A listener that misses one finds the work at its slow poll.
 */
export function createProcessSignal<T>(): {
  listen(listener: (value: T) => void): () => void;
  tell(value: T): void;
} {
  const listeners = new Set<(value: T) => void>();
  return {
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    tell(value) {
      for (const listener of listeners) listener(value);
    },
  };
}
