import { createTestDatabase } from '@psycheos/testkit';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createPool } from '../src/connect';
import { kyselyPool } from '../src/query-client';
import type { Database } from '../src/schema';

export interface RecordingDatabase {
  db: Kysely<Database>;
  /** Every message the pool's clients sent to the server, as pg received it. */
  sent: string[];
}

/**
 * A test file's own database behind the production pool wrappers (lazy BEGIN, statements
 * sent with the commit, prepared statements), recording what they send: for tests of what
 * travels in one message. Set up before the file's tests and dropped after them; read
 * the fields inside tests.
 */
export function useRecordingDatabase(): RecordingDatabase {
  const recording = { sent: [] } as unknown as RecordingDatabase;
  let drop = async () => {};
  beforeAll(async () => {
    const database = await createTestDatabase();
    recording.db = recordingKysely(database.url, recording.sent);
    drop = async () => {
      await recording.db.destroy();
      await database.destroy();
    };
  });
  afterAll(() => drop());
  return recording;
}

function recordingKysely(url: string, sent: string[]): Kysely<Database> {
  const pool = createPool({ url, max: 2 });
  pool.on('connect', (client: pg.PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const [first] = args as [string | { text: string }];
      sent.push(typeof first === 'string' ? first : first.text);
      return query(...args);
    };
  });
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: kyselyPool(pool, { preparedStatements: true }) }),
  });
}
