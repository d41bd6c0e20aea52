import { createProcessSignal } from '@psycheos/platform';

/** What was written: an event to publish, or a deletion's request to erase published ones. */
export type OutboxWrite = 'event' | 'erasure';

const outboxWrites = createProcessSignal<OutboxWrite>();

/**
 * Tells this process's relays that enqueueEvent wrote a row, so one looks at once instead of
 * at its slow poll (look-schedule.ts). Process-wide on purpose: events are written by
 * handlers, jobs and consumers all over a service, none of which holds the relay, and the
 * signal carries nothing but "look soon": a relay that misses it finds the row anyway.
 */
export const onOutboxWrite = outboxWrites.listen;

export function signalOutboxWrite(write: OutboxWrite = 'event'): void {
  outboxWrites.tell(write);
}
