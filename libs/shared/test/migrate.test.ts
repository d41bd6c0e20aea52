import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, migrateToLatest } from '../src';
import { databaseUrl, TEST_SERVER_URL } from '../src/testing';

describe('migrations', () => {
  const name = `psycheos_migrate_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL });

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
    expect(applied.map((result) => result.status)).toEqual([
      'Success',
      'Success',
      'Success',
      'Success',
      'Success',
      'Success',
    ]);

    const db = createDatabase({ url: databaseUrl(name), max: 1 });
    const tables = await sql<{ tablename: string }>`
      select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely%'
      order by tablename`.execute(db);
    await db.destroy();
    expect(tables.rows.map((row) => row.tablename)).toEqual([
      'account_deletions',
      'admin_audit',
      'bot_chat_state',
      'bot_directory',
      'chat_rate',
      'contexts',
      'event_inbox',
      'event_outbox',
      'invites',
      'launch_tokens',
      'parked_events',
      'telegram_update_dedup',
      'users',
    ]);
  });
});
