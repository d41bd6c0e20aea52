import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useRecordingDatabase } from './recording-pool';

/**
 * Transactions through the lazy-BEGIN pool: BEGIN travels with a first statement that has
 * no parameters, and every transaction still commits or rolls back as a whole.
 */
describe('lazy BEGIN', () => {
  const recording = useRecordingDatabase();

  const dedupRows = async () =>
    (await recording.db.selectFrom('telegram_update_dedup').select('update_id').execute()).map(
      (row) => row.update_id,
    );

  it('sends BEGIN in one message with a first statement that has no parameters', async () => {
    recording.sent.length = 0;
    await recording.db.transaction().execute(async (tx) => {
      await sql`select count(*) from telegram_update_dedup`.execute(tx);
      await tx
        .insertInto('telegram_update_dedup')
        .values({ bot_id: 'pro', update_id: 1 })
        .execute();
    });
    expect(recording.sent[0]).toMatch(/^begin;\n\s*select count\(\*\) from telegram_update_dedup/);
    expect(recording.sent).toHaveLength(3); // begin + select, insert, commit
    expect(recording.sent.at(-1)).toBe('commit');
    expect(await dedupRows()).toContain(1);
  });

  it('sends BEGIN just before a first statement with parameters', async () => {
    recording.sent.length = 0;
    await recording.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('telegram_update_dedup')
        .values({ bot_id: 'pro', update_id: 2 })
        .execute();
    });
    expect(recording.sent[0]).toBe('begin');
    expect(recording.sent[1]).toMatch(/^insert into "telegram_update_dedup"/);
    expect(await dedupRows()).toContain(2);
  });

  it('rolls back everything when the transaction fails, the merged first statement included', async () => {
    await expect(
      recording.db.transaction().execute(async (tx) => {
        await sql`insert into telegram_update_dedup (bot_id, update_id) values ('pro', 3)`.execute(
          tx,
        );
        await tx
          .insertInto('telegram_update_dedup')
          .values({ bot_id: 'pro', update_id: 4 })
          .execute();
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(await dedupRows()).not.toContain(3);
    expect(await dedupRows()).not.toContain(4);
  });

  it('rolls back when the merged first statement itself fails, and the connection is clean after', async () => {
    await expect(
      recording.db.transaction().execute(async (tx) => {
        await sql`select 1 / 0`.execute(tx);
      }),
    ).rejects.toThrow(/division by zero/);
    // Outside a transaction a statement is its own transaction: both clocks agree. Inside one
    // left open, now() would be the older transaction's start.
    const status = await sql<{ idle: boolean }>`
      select now() = statement_timestamp() as idle
    `.execute(recording.db);
    expect(status.rows[0]?.idle).toBe(true);
    await recording.db.transaction().execute(async (tx) => {
      await sql`insert into telegram_update_dedup (bot_id, update_id) values ('pro', 5)`.execute(
        tx,
      );
    });
    expect(await dedupRows()).toContain(5);
  });

  it('sends nothing for a transaction that runs no statement', async () => {
    recording.sent.length = 0;
    await recording.db.transaction().execute(async () => {});
    expect(recording.sent).toEqual([]);
  });
});
