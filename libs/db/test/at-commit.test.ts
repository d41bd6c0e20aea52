import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { AT_COMMIT } from '../src/at-commit';
import { useRecordingDatabase } from './recording-pool';

/**
 * Statements marked AT_COMMIT wait for their transaction's COMMIT and go with it in one
 * message; the transaction still commits or rolls back as a whole.
 */
describe('statements sent with the commit', () => {
  const recording = useRecordingDatabase();

  const dedupRows = async () =>
    (
      await recording.db
        .selectFrom('telegram_update_dedup')
        .select('update_id')
        .orderBy('update_id')
        .execute()
    ).map((row) => row.update_id);
  const marked = (updateId: number | string) =>
    sql.raw(
      `${AT_COMMIT}insert into telegram_update_dedup (bot_id, update_id) values ('pro', ${updateId})`,
    );

  it('sends a marked statement in one message with the COMMIT', async () => {
    recording.sent.length = 0;
    await recording.db.transaction().execute(async (tx) => {
      await sql`select count(*) from telegram_update_dedup`.execute(tx);
      await marked(11).execute(tx);
    });

    expect(await dedupRows()).toContain(11);
    const withCommit = recording.sent.filter((text) => text.startsWith(AT_COMMIT));
    expect(withCommit).toHaveLength(1);
    expect(withCommit[0]?.endsWith(';\ncommit')).toBe(true);
  });

  it('rolls the whole transaction back when the marked statement fails', async () => {
    const before = await dedupRows();
    await expect(
      recording.db.transaction().execute(async (tx) => {
        await tx
          .insertInto('telegram_update_dedup')
          .values({ bot_id: 'pro', update_id: 12 })
          .execute();
        await marked("'not a number'").execute(tx);
      }),
    ).rejects.toThrow();

    expect(await dedupRows()).toEqual(before);
    // The connection is fine afterwards.
    await recording.db.transaction().execute(async (tx) => {
      await marked(13).execute(tx);
    });
    expect(await dedupRows()).toContain(13);
  });

  it('drops a marked statement whose transaction rolls back', async () => {
    await expect(
      recording.db.transaction().execute(async (tx) => {
        await marked(14).execute(tx);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await dedupRows()).not.toContain(14);
  });

  it('runs a marked statement at once outside a transaction', async () => {
    await marked(15).execute(recording.db);
    expect(await dedupRows()).toContain(15);
  });
});
