import type { Database } from '@psycheos/db';
import type { Logger } from '@psycheos/platform';
import type { Kysely } from 'kysely';
import { consumersStartingWith, PARKED_EVENT_COLUMNS, type ParkedEvent } from './parked-events';

/**
 * Removes a parked event that can never be valid (a producer's bug long fixed, a payload
 * no release will read): replaying it would only park it again, and until it goes the
 * service's /health reports it for as long as the row lives. `streamSeq` is the `seq=` the
 * list prints; `consumerPrefix` keeps it to one service's consumers, as for listing. Each
 * removed row leaves one line saying what went (ids, subject, reason; never the payload),
 * so the decision is on record. Returns what was removed: nothing when no row matched.
 */
export async function discardParkedEvent(deps: {
  db: Kysely<Database>;
  logger: Logger;
  streamSeq: number;
  consumerPrefix?: string;
}): Promise<ParkedEvent[]> {
  const discarded = await deps.db
    .deleteFrom('parked_events')
    .where('stream_seq', '=', deps.streamSeq)
    .where('consumer', 'like', consumersStartingWith(deps.consumerPrefix ?? ''))
    .returning(PARKED_EVENT_COLUMNS)
    .execute();
  for (const event of discarded) {
    deps.logger.info(
      {
        audit: 'parked_event_discarded',
        consumer: event.consumer,
        stream_seq: event.stream_seq,
        subject: event.subject,
        reason: event.reason,
        event_key: event.event_key,
        times_parked: event.times_parked,
        parked_at: event.parked_at.toISOString(),
      },
      'parked event discarded by an operator',
    );
  }
  return discarded;
}
