import { randomBytes } from 'node:crypto';
import type { Database } from '@psycheos/db';
import { createDatabase } from '@psycheos/db';
import { migrateToLatest } from '@psycheos/migrations';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { DEFAULT_TEST_DATABASE_URL } from './test-servers';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * The server tests run against: a real PostgreSQL, never a mock. Read when needed, not at
 * import: the run's globalSetup may have started one of its own (test-servers.ts).
 */
export const testServerUrl = () => process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;

export function databaseUrl(name: string): string {
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * An empty database on the tests' server, as an operator creates one for DATABASE_URL:
 * whoever uses it migrates it (npm start, a migration's test). `drop` removes it whoever is
 * still connected.
 */
export async function createEmptyDatabase(
  prefix = 'psycheos_empty',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await onServer((client) => client.query(`create database ${name}`));
  return {
    url: databaseUrl(name),
    drop: async () => {
      await onServer((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** Creates a migrated template database; each test file then clones it in a few milliseconds. */
export async function createTemplateDatabase(): Promise<string> {
  const name = `psycheos_test_${randomBytes(4).toString('hex')}`;
  await onServer((client) => client.query(`create database ${name}`));
  await migrateToLatest(databaseUrl(name));
  return name;
}

/** Drops the template and every clone of it that a crashed test file left behind. */
export async function dropTemplateDatabase(name: string): Promise<void> {
  await onServer(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where datname = $1 or datname like $2`,
      [name, `${name}\\_%`],
    );
    for (const { datname } of rows)
      await client.query(`drop database if exists ${datname} with (force)`);
  });
}

export interface TestDatabase {
  url: string;
  db: Kysely<Database>;
  /** Empties every table, for tests that share one database. */
  truncateAll(): Promise<void>;
  destroy(): Promise<void>;
}

/** A fresh, migrated database of this test file's own, cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject('templateDatabase');
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  await onServer((client) => client.query(`create database ${name} template ${template}`));
  const url = databaseUrl(name);
  const db = createDatabase({ url, max: 20 });
  return {
    url,
    db,
    async truncateAll() {
      // Every table the migrations made, read from the catalogue so a new one is never missed.
      const { rows } = await sql<{ tablename: string }>`
        select tablename from pg_tables
        where schemaname = 'public' and tablename not like 'kysely_%'
      `.execute(db);
      const tables = rows.map((row) => sql.id(row.tablename));
      await sql`truncate ${sql.join(tables)} cascade`.execute(db);
    },
    async destroy() {
      await db.destroy();
      await onServer((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/**
 * The chat states handlers saved. Every update of a chat keeps a bot_chat_state row for
 * its flood counter, so "wrote no state" means no row with a state or a case in it.
 */
export function savedChatStates(db: Kysely<Database>) {
  return db
    .selectFrom('bot_chat_state')
    .selectAll()
    .where((eb) => eb.or([eb('state', 'is not', null), eb('context_id', 'is not', null)]))
    .execute();
}
