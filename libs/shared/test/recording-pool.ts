import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Database } from '../src';
import { createPool } from '../src/db/connect';
import { kyselyPool } from '../src/db/query-client';
import type { TestDatabase } from '../src/testing';

/**
 * Kysely over the production pool wrappers (lazy BEGIN, statements sent with the commit,
 * prepared statements), recording every message the pool's clients send to the server,
 * as pg received it: for tests of what travels in one message.
 */
export function recordingDatabase(database: TestDatabase): {
  db: Kysely<Database>;
  sent: string[];
} {
  const sent: string[] = [];
  const pool = createPool({ url: database.url, max: 2 });
  pool.on('connect', (client: pg.PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const [first] = args as [string | { text: string }];
      sent.push(typeof first === 'string' ? first : first.text);
      return query(...args);
    };
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: kyselyPool(pool, { preparedStatements: true }) }),
  });
  return { db, sent };
}
