import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOperatorCommand } from './operator-command';

/** `npm run parked-events` as an operator runs it, with DATABASE_URL in its .env file. */
const runParkedEvents = (envFile: string, args: string[]) =>
  runOperatorCommand('parked-events', args, { PSYCHEOS_ENV_FILE: envFile });

const asJson = (line: string): Record<string, unknown> | null => {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
};

/**
 * An operator discards a parked event that can never be valid, so /health stops reporting
 * it, without SQL: `npm run parked-events -- --discard <seq>`.
 */
describe('npm run parked-events -- --discard', () => {
  let database: TestDatabase;
  let dir: string;
  let envFile: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'psycheos-parked-'));
    envFile = join(dir, '.env');
    await writeFile(envFile, `DATABASE_URL=${database.url}\n`);
    await database.db
      .insertInto('parked_events')
      .values([
        {
          consumer: 'pro-notices',
          stream_seq: 5,
          subject: 'psycheos.case.created',
          reason: 'invalid event: unsupported version 99',
          event_key: 'k-5',
        },
        {
          consumer: 'screen-notices',
          stream_seq: 5,
          subject: 'psycheos.case.created',
          reason: 'invalid event: unsupported version 99',
          event_key: 'k-5',
        },
        {
          consumer: 'pro-notices',
          stream_seq: 6,
          subject: 'psycheos.case.created',
          reason: 'failed on every delivery',
          event_key: 'k-6',
        },
      ])
      .execute();
  });
  afterAll(async () => {
    await database.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  const left = async () =>
    (
      await database.db
        .selectFrom('parked_events')
        .select(['consumer', 'stream_seq'])
        .orderBy('consumer')
        .orderBy('stream_seq')
        .execute()
    ).map((row) => `${row.consumer}#${row.stream_seq}`);

  it("removes the seq's row for the bot named, prints it and logs one audit line", async () => {
    const run = await runParkedEvents(envFile, ['--discard', '5', '--bot', 'pro']);
    expect(run.code).toBe(0);
    expect(run.lines).toContain('discarded pro-notices seq=5 psycheos.case.created');
    const audit = run.lines.map(asJson).filter((line) => line?.audit === 'parked_event_discarded');
    expect(audit).toEqual([
      expect.objectContaining({
        msg: 'parked event discarded by an operator',
        consumer: 'pro-notices',
        stream_seq: 5,
        reason: 'invalid event: unsupported version 99',
      }),
    ]);
    expect(await left()).toEqual(['pro-notices#6', 'screen-notices#5']);
  });

  it('refuses a seq no parked event has, or one that is not a number, and removes nothing', async () => {
    const unknown = await runParkedEvents(envFile, ['--discard', '5', '--bot', 'pro']);
    expect(unknown.code).toBe(1);
    expect(unknown.lines.join('\n')).toContain('no parked event has seq=5');
    const typo = await runParkedEvents(envFile, ['--discard', 'seq=6']);
    expect(typo.code).toBe(1);
    expect(typo.lines.join('\n')).toContain('expected the seq= of a parked event');
    expect(await left()).toEqual(['pro-notices#6', 'screen-notices#5']);
  });
});
