import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseUrl, testServerUrl } from '@psycheos/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOperatorCommand } from './operator-command';

/** `npm run migrate` as an operator runs it: its only input is the .env file. */
const runMigrate = (envFile: string) =>
  runOperatorCommand('migrate', [], { PSYCHEOS_ENV_FILE: envFile });

describe('npm run migrate', () => {
  const name = `psycheos_migrate_cmd_${process.pid}`;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'psycheos-migrate-'));
    const admin = new pg.Client({ connectionString: testServerUrl() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
  });
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: testServerUrl() });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads DATABASE_URL from .env, as npm start and set-webhooks do', async () => {
    const envFile = join(dir, '.env');
    await writeFile(envFile, `DATABASE_URL=${databaseUrl(name)}\n`);
    const run = await runMigrate(envFile);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.lines.at(-1) ?? '{}').msg).toBe('migrations applied');

    const db = new pg.Client({ connectionString: databaseUrl(name) });
    await db.connect();
    const { rows } = await db.query(
      `select count(*)::int as n from pg_tables where tablename = 'reply_outbox'`,
    );
    await db.end();
    expect(rows[0].n).toBe(1);
  });

  it('says in one line that DATABASE_URL is missing when neither .env nor the environment has it', async () => {
    const run = await runMigrate(join(dir, 'missing.env'));
    expect(run.code).toBe(1);
    expect(run.lines).toHaveLength(1);
    expect(JSON.parse(run.lines[0] ?? '{}').msg).toBe(
      'Invalid configuration: DATABASE_URL is required',
    );
  });
});
