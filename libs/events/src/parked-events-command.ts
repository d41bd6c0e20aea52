import { createDatabase, readDatabaseConfig } from '@psycheos/db';
import type { Logger } from '@psycheos/platform';
import { type Env, EnvReader, parsers } from '@psycheos/platform';
import { NatsLink } from './nats-link';
import { listParkedEvents, replayParkedEvents } from './parked-events';
import { discardParkedEvent } from './parked-events-discard';

export type ParkedEventsMode = 'list' | 'replay' | 'discard';

/**
 * The parked-events command: `node dist/main.js --parked` / `--replay-parked` /
 * `--discard-parked <seq>` in a bot service's image (that service's consumers),
 * `npm run parked-events [-- --replay | --discard <seq>]` from a checkout (every consumer,
 * or `--bot`'s). Needs DATABASE_URL, and NATS_URL to replay. Prints one line per event:
 * ids, subject and the reason it was parked, never a payload. Discarding a sequence no
 * parked event has is an error, so a mistyped one does not pass for done.
 */
export async function runParkedEventsCommand(options: {
  mode: ParkedEventsMode;
  env: Env;
  logger: Logger;
  print: (line: string) => void;
  consumerPrefix?: string;
  /** The event to discard: the `seq=` the list prints. */
  streamSeq?: number;
}): Promise<void> {
  const { mode, streamSeq } = options;
  if (mode === 'discard' && streamSeq === undefined) {
    throw new Error('name the parked event to discard by the seq= its listing shows');
  }
  const env = new EnvReader(options.env);
  const database = readDatabaseConfig(env);
  const nats = mode === 'replay' ? env.required('NATS_URL', parsers.natsUrl) : undefined;
  env.finish();
  const db = createDatabase({
    url: database.migrationUrl,
    max: 2,
    applicationName: 'psycheos-parked',
  });
  const link = nats ? new NatsLink({ url: nats, logger: options.logger }) : null;
  try {
    if (mode === 'list') {
      const parked = await listParkedEvents(db, options.consumerPrefix);
      for (const event of parked) {
        const times = event.times_parked > 1 ? ` (parked ${event.times_parked} times)` : '';
        options.print(
          `${event.parked_at.toISOString()} ${event.consumer} seq=${event.stream_seq} ${event.subject}: ${event.reason}${times}`,
        );
      }
      options.print(`${parked.length} parked event(s)`);
      return;
    }
    if (mode === 'discard' && streamSeq !== undefined) {
      const discarded = await discardParkedEvent({
        db,
        logger: options.logger,
        streamSeq,
        consumerPrefix: options.consumerPrefix,
      });
      if (discarded.length === 0) {
        throw new Error(`no parked event has seq=${streamSeq}; list them to see their seq=`);
      }
      for (const event of discarded) {
        options.print(`discarded ${event.consumer} seq=${event.stream_seq} ${event.subject}`);
      }
      return;
    }
    if (!link) return;
    const result = await replayParkedEvents({
      db,
      nats: link,
      logger: options.logger,
      consumerPrefix: options.consumerPrefix,
    });
    options.print(
      `${result.replayed} parked event(s) replayed; ${result.gone} no longer in the stream, dropped`,
    );
  } finally {
    await link?.close();
    await db.destroy();
  }
}
