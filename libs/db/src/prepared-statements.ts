import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { QueryClient, QueryResult } from './query-client';

/** Statements one connection keeps prepared; later new ones run unnamed, as pg's default. */
export const MAX_PREPARED_PER_CONNECTION = 200;

/**
 * PostgreSQL's answer when a prepared statement's result columns changed under it (a
 * migration changed the type of a column it reads). An added column changes no result:
 * queries name their columns, never `select *` (infra/test/explicit-columns.test.ts).
 */
export const STALE_PLAN_MESSAGE = /cached plan must not change result type/;

/**
 * A pg client whose statements with parameters are prepared once per connection and
 * then only executed: PostgreSQL parses, analyses and plans each unnamed statement on
 * every call, which under load (bench/) was about a third of its CPU per update.
 *
 * A statement's name is a hash of its text, so every process names the same SQL the same.
 * Statements without parameters run unnamed: they may hold several statements (BEGIN
 * and the claim) or inlined values, and preparing those would only fill the cache.
 *
 * After a migration changed a column's type under a running process, PostgreSQL refuses
 * the prepared statements reading it once per connection; the connection is then dropped,
 * not reused, and the update is retried by Telegram on a fresh one.
 *
 * Off behind a transaction-mode pooler (DATABASE_URL_POOLER) unless told otherwise:
 * PgBouncer keeps prepared statements only from 1.21 on, with max_prepared_statements set.
 */
export function preparedStatements(client: pg.PoolClient): QueryClient {
  // One wrapper per connection (query-client.ts), so this is what the connection prepared.
  const prepared = new Set<string>();
  let stale = false;
  return {
    async query(text, parameters) {
      if (parameters.length === 0) return (await client.query(text)) as unknown as QueryResult;
      const name = statementName(text);
      if (!prepared.has(name) && prepared.size >= MAX_PREPARED_PER_CONNECTION) {
        return (await client.query(text, [...parameters])) as unknown as QueryResult;
      }
      prepared.add(name);
      try {
        return (await client.query({
          name,
          text,
          values: [...parameters],
        })) as unknown as QueryResult;
      } catch (error) {
        if (error instanceof Error && STALE_PLAN_MESSAGE.test(error.message)) stale = true;
        throw error;
      }
    },
    release(destroy) {
      // A connection with a stale statement is closed; the pool opens a fresh one.
      client.release(destroy || stale);
    },
  };
}

const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `psy_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    // Texts are few (the code's queries); the bound only guards against a caller building many.
    if (statementNames.size < 10_000) statementNames.set(text, name);
  }
  return name;
}
