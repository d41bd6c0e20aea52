import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPersonalTraces } from '../src/personal-traces';
import { createTestDatabase, type TestDatabase } from '../src/test-database';

/** JSON as some clients write it: every character beyond ASCII as a \u escape. */
const escapedJson = (value: unknown) =>
  JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** The helper deletion tests trust to say a database holds nothing of someone. */
describe('findPersonalTraces', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  it('finds a Telegram id, a name inside json written with escapes, in any schema, and says where', async () => {
    await database.db
      .insertInto('users')
      .values({ telegram_id: 7_310_000_009, role: 'client', username: null, full_name: null })
      .execute();
    // A schema no migration of ours made, and json that spells «Аглая» as \u0410\u0433...
    await sql`create schema later_added`.execute(database.db);
    await sql`create table later_added.notes (body json, note text)`.execute(database.db);
    await sql`insert into later_added.notes values (${escapedJson({ who: 'Аглая' })}::json, 'ok')`.execute(
      database.db,
    );

    const traces = await findPersonalTraces(database.db, [7_310_000_009, 'аглая', 'Феофан']);

    expect(traces).toEqual([
      { where: 'later_added.notes.body', needle: 'аглая' },
      { where: 'public.users.telegram_id', needle: '7310000009' },
    ]);
  });

  it('refuses a needle short enough to match by chance', async () => {
    await expect(findPersonalTraces(database.db, ['42'])).rejects.toThrow(/shorter than 4/);
  });
});
