import { createDatabase, readDatabaseConfig } from '@psycheos/db';
import type { Logger } from '@psycheos/platform';
import { type Env, EnvReader, parsers } from '@psycheos/platform';
import { NatsLink } from './nats-link';
import { listParkedEvents, replayParkedEvents } from './parked-events';

export type ParkedEventsMode = 'list' | 'replay';

/**
 * The parked-events command: `node dist/main.js --parked` / `--replay-parked` in a bot
 * service's image (that service's consumers), `npm run parked-events [-- --replay]` from a
 * checkout (every consumer). Needs DATABASE_URL, and NATS_URL to replay. Prints one line per
 * event: ids, subject and the reason it was parked, never a payload.
 */
export async function runParkedEventsCommand(options: {
  mode: ParkedEventsMode;
  env: Env;
  logger: Logger;
  print: (line: string) => void;
  consumerPrefix?: string;
}): Promise<void> {
  const env = new EnvReader(options.env);
  const database = readDatabaseConfig(env);
  const nats = options.mode === 'replay' ? env.required('NATS_URL', parsers.natsUrl) : undefined;
  env.finish();
  const db = createDatabase({
    url: database.migrationUrl,
    max: 2,
    applicationName: 'psycheos-parked',
  });
  const link = nats ? new NatsLink({ url: nats, logger: options.logger }) : null;
  try {
    if (options.mode === 'list') {
      const parked = await listParkedEvents(db, options.consumerPrefix);
      for (const event of parked) {
        options.print(
          `${event.parked_at.toISOString()} ${event.consumer} seq=${event.stream_seq} ${event.subject}: ${event.reason}`,
        );
      }
      options.print(`${parked.length} parked event(s)`);
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
