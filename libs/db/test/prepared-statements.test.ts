import { createTestDatabase, type TestDatabase } from '@psycheos/testkit';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../src/connect';
import { MAX_PREPARED_PER_CONNECTION } from '../src/prepared-statements';
import { kyselyPool } from '../src/query-client';
import type { Database } from '../src/schema';
import { isTransientDatabaseError } from '../src/transient-errors';

/** One connection, so every statement meets the same server session. */
const oneConnection = (url: string, preparedStatements: boolean) =>
  new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: kyselyPool(createPool({ url, max: 1 }), { preparedStatements }),
    }),
  });

const preparedCount = async (db: Kysely<Database>, like: string) =>
  (
    await sql<{ n: number }>`
      select count(*)::int as n from pg_prepared_statements where statement like ${like}
    `.execute(db)
  ).rows[0]?.n;

describe('prepared statements', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  it('prepares a statement with parameters once per connection and reuses it', async () => {
    const db = oneConnection(database.url, true);
    try {
      for (const telegramId of [1, 2, 3]) {
        await db
          .selectFrom('users')
          .select('user_id')
          .where('telegram_id', '=', telegramId)
          .execute();
      }
      expect(await preparedCount(db, 'select "user_id" from "users"%')).toBe(1);
      // Without parameters nothing is prepared: such statements carry their values inline.
      await sql`select 42`.execute(db);
      expect(await preparedCount(db, 'select 42%')).toBe(0);
    } finally {
      await db.destroy();
    }
  });

  it('prepares nothing when turned off (for a pooler that cannot keep them)', async () => {
    const db = oneConnection(database.url, false);
    try {
      await db.selectFrom('users').select('user_id').where('telegram_id', '=', 1).execute();
      expect(await preparedCount(db, '%')).toBe(0);
    } finally {
      await db.destroy();
    }
  });

  it('keeps at most a bounded number per connection and still runs the rest', async () => {
    const db = oneConnection(database.url, true);
    try {
      for (let i = 0; i < MAX_PREPARED_PER_CONNECTION + 20; i++) {
        const row = await sql<{ n: number }>`select ${i}::int + ${sql.raw(String(i))} as n`.execute(
          db,
        );
        expect(row.rows[0]?.n).toBe(2 * i);
      }
      expect(await preparedCount(db, 'select $1::int + %')).toBe(MAX_PREPARED_PER_CONNECTION);
    } finally {
      await db.destroy();
    }
  });

  it('drops a connection whose statement a migration made stale, and the next query works', async () => {
    const db = oneConnection(database.url, true);
    try {
      await sql`create table stale_probe (id int primary key)`.execute(db);
      await sql`insert into stale_probe values (1)`.execute(db);
      const read = async () =>
        (await sql`select * from stale_probe where id = ${1}`.execute(db)).rows;
      await read();
      await sql`alter table stale_probe add column note text`.execute(db);
      const failure = await read().then(
        () => null,
        (error: unknown) => error,
      );
      // PostgreSQL refuses the old plan once; that is a reason for Telegram to retry...
      expect(failure).toBeInstanceOf(Error);
      expect(isTransientDatabaseError(failure)).toBe(true);
      // ...and the retry, on the fresh connection that replaced the stale one, succeeds.
      expect(await read()).toEqual([{ id: 1, note: null }]);
    } finally {
      await sql`drop table if exists stale_probe`.execute(db);
      await db.destroy();
    }
  });
});
