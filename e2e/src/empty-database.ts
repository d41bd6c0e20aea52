import { randomBytes } from 'node:crypto';
import { databaseUrl, testServerUrl } from '@psycheos/shared/testing';
import pg from 'pg';

/**
 * An empty database on the tests' PostgreSQL server, as an operator creates one for
 * DATABASE_URL: npm start migrates it itself. Dropped with whoever is still connected.
 */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `psycheos_e2e_${randomBytes(4).toString('hex')}`;
  await onServer((client) => client.query(`create database ${name}`));
  return {
    url: databaseUrl(name),
    drop: () => onServer((client) => client.query(`drop database if exists ${name} with (force)`)),
  };
}

async function onServer(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
