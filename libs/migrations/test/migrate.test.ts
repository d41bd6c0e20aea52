import { randomBytes } from 'node:crypto';
import { createDatabase } from '@psycheos/db';
import { databaseUrl, testServerUrl } from '@psycheos/testkit';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/migrate';
import { migrations } from '../src/migrations';

describe('migrations', () => {
  const name = `psycheos_migrate_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testServerUrl() });

  afterAll(async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('lets several services migrate one empty database at the same moment', async () => {
    await admin.connect();
    await admin.query(`create database ${name}`);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => migrateToLatest(databaseUrl(name))),
    );
    const applied = results.flatMap((result) => result.results ?? []);
    // One process applied every migration; the other four found nothing to do.
    expect(applied.map((result) => result.status)).toEqual(
      Object.keys(migrations).map(() => 'Success'),
    );

    const db = createDatabase({ url: databaseUrl(name), max: 1 });
    const tables = await sql<{ tablename: string }>`
      select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely%'
      order by tablename`.execute(db);
    await db.destroy();
    expect(tables.rows.map((row) => row.tablename)).toEqual([
      'account_deletions',
      'admin_audit',
      'ai_jobs',
      'ai_messages',
      'ai_results',
      'ai_usage',
      'bot_chat_state',
      'bot_directory',
      'case_clients',
      'contexts',
      'credit_ledger',
      'crisis_alerts',
      'current_specialist_terms',
      'event_inbox',
      'event_outbox',
      'event_purges',
      'invites',
      'job_workers',
      'launch_tokens',
      'parked_events',
      'reply_outbox',
      'screening_answers',
      'screening_invites',
      'screening_schedule_occurrences',
      'screening_schedules',
      'screening_scores',
      'screening_sessions',
      'specialist_terms',
      'star_payments',
      'telegram_update_dedup',
      'tool_sessions',
      'users',
    ]);
  });

  it('takes the latest migration back and applies it again, keeping chats and case clients', async () => {
    const db = createDatabase({ url: databaseUrl(name), max: 1 });
    try {
      await db
        .insertInto('bot_chat_state')
        .values([
          { bot_id: 'pro', chat_id: 1, state: 'main_menu', rate_updates: 2 },
          { bot_id: 'pro', chat_id: 2, state: null, rate_updates: 1 },
        ])
        .execute();
      const [specialist, client] = await db
        .insertInto('users')
        .values([
          { telegram_id: 1, role: 'specialist', username: null, full_name: null },
          { telegram_id: 3, role: 'client', username: null, full_name: null },
        ])
        .returning('user_id')
        .execute();
      if (!specialist || !client) throw new Error('no users');
      const theCase = await db
        .insertInto('contexts')
        .values({ specialist_user_id: specialist.user_id, client_ref: 'Кейс' })
        .returning('context_id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('case_clients')
        .values({ context_id: theCase.context_id, client_user_id: client.user_id })
        .execute();

      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const down = await migrator.migrateDown();
      expect(down.error).toBeUndefined();
      expect(down.results?.map((result) => result.status)).toEqual(['Success']);
      const up = await migrator.migrateToLatest();
      expect(up.error).toBeUndefined();

      const rows = await db
        .selectFrom('bot_chat_state')
        .select(['chat_id', 'state'])
        .orderBy('chat_id')
        .execute();
      expect(rows).toEqual([
        { chat_id: 1, state: 'main_menu' },
        { chat_id: 2, state: null },
      ]);
      const links = await db
        .selectFrom('case_clients')
        .select(['context_id', 'client_user_id'])
        .execute();
      expect(links).toEqual([{ context_id: theCase.context_id, client_user_id: client.user_id }]);
    } finally {
      await db.destroy();
    }
  });

  it('lets a service of the previous release start on a database a newer release migrated', async () => {
    // What a newer release leaves: a migration this code does not know.
    const db = createDatabase({ url: databaseUrl(name), max: 1 });
    try {
      await sql`insert into kysely_migration (name, timestamp) values ('2099_01_01_001_from_the_future', now()::text)`.execute(
        db,
      );
      const outcome = await migrateToLatest(databaseUrl(name));
      expect(outcome.results).toEqual([]);
      expect(outcome.newerInDatabase).toEqual(['2099_01_01_001_from_the_future']);

      // A database that also lacks one of this code's migrations has another history: refused.
      const last = Object.keys(migrations).at(-1) as string;
      await sql`delete from kysely_migration where name = ${last}`.execute(db);
      await expect(migrateToLatest(databaseUrl(name))).rejects.toThrow(
        /lacks some it has \(.*\): deploy the release that has them all/,
      );
    } finally {
      await db.destroy();
    }
  });
});
