/** What was written: an event to publish, or a deletion's request to erase published ones. */
export type OutboxWrite = 'event' | 'erasure';

type Listener = (write: OutboxWrite) => void;

const listeners = new Set<Listener>();

/**
 * Tells this process's relays that enqueueEvent wrote a row, so one looks at once instead of
 * at its slow poll (look-schedule.ts). Process-wide on purpose: events are written by
 * handlers, jobs and consumers all over a service, none of which holds the relay, and the
 * signal carries nothing but "look soon": a relay that misses it finds the row anyway.
 */
export function onOutboxWrite(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signalOutboxWrite(write: OutboxWrite = 'event'): void {
  for (const listener of listeners) listener(write);
}
