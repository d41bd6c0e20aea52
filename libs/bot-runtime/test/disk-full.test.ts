import { type ServiceHarness, startServiceHarness, textMessage } from '@psycheos/testkit';
import { Composer } from 'grammy';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineContext } from '../src/pipeline/pipeline-context';
import { buildBotServiceApp, type ServiceDeps } from '../src/service/bot-service-app';
import { DatabaseWriteRefusals } from '../src/service/database-write-refusals';

/**
 * A full disk: PostgreSQL still answers reads, so the service looked healthy while every
 * update was answered 503 (issue 29). The refusal is PostgreSQL's own error (SQLSTATE 53100),
 * raised here by a trigger on the table every update writes first.
 */
describe('a bot service whose database disk is full', () => {
  let harness: ServiceHarness;
  beforeAll(async () => {
    harness = await startServiceHarness({
      botId: 'screen',
      buildApp: (deps: ServiceDeps) => buildBotServiceApp(deps, new Composer<PipelineContext>()),
    });
  });
  afterAll(() => harness.close());

  const health = async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/health' });
    return response.json() as Record<string, unknown>;
  };

  it('answers the update 503 for Telegram to retry, and says on /health that writes are refused', async () => {
    expect(await health()).toMatchObject({ status: 'ok', database_refuses_writes: null });
    const db = harness.deps.db;
    await sql`
      create function refuse_as_if_disk_full() returns trigger language plpgsql as $$
      begin
        raise exception 'could not extend file: No space left on device' using errcode = '53100';
      end $$
    `.execute(db);
    await sql`
      create trigger disk_full before insert on telegram_update_dedup
      for each row execute function refuse_as_if_disk_full()
    `.execute(db);
    const person = { id: 7001, first_name: 'Иван' };
    try {
      const answer = await harness.deliver(textMessage(person, 'привет'), {
        waitForReplies: false,
      });
      expect(answer.status).toBe(503);
      // The shared check of the call above may be cached for a second.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const report = await health();
      expect(report).toMatchObject({
        status: 'degraded',
        database: 'up',
        database_refuses_writes: 'disk_full',
      });
      expect(report.problems).toContainEqual(
        expect.stringContaining('the database refuses writes (its disk is full)'),
      );
    } finally {
      await sql`drop trigger disk_full on telegram_update_dedup`.execute(db);
      await sql`drop function refuse_as_if_disk_full()`.execute(db);
    }
    // Freed space: the update Telegram retries is handled.
    expect((await harness.deliver(textMessage(person, 'привет'))).status).toBe(200);
  });
});

describe('the memory of a refused write', () => {
  it('keeps a disk-full refusal for two minutes after the last one, and ignores passing errors', () => {
    let now = 0;
    const refusals = new DatabaseWriteRefusals(() => now);
    refusals.note(Object.assign(new Error('deadlock detected'), { code: '40P01' }));
    expect(refusals.current()).toBeNull();
    refusals.note(Object.assign(new Error('No space left on device'), { code: '53100' }));
    now = 119_000;
    expect(refusals.current()).toBe('disk_full');
    now = 121_000;
    expect(refusals.current()).toBeNull();
  });
});
