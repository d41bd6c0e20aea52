import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { kyselyPool } from './query-client';
import type { Database } from './schema';

const INT8_OID = 20;

/**
 * bigint as number rather than string: Telegram ids and counters stay below 2^53.
 * Set per pool, not on pg's global type registry, so nothing else is affected.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PoolOptions {
  url: string;
  max: number;
  /** How long a query may wait for a free connection before failing; keeps a webhook from hanging. */
  connectionTimeoutMillis?: number;
  applicationName?: string;
  /** Told when an idle connection breaks (a database restart); the pool replaces it by itself. */
  onIdleClientError?: (error: Error) => void;
  /** DB_PREPARED_STATEMENTS: prepare statements once per connection (default on). */
  preparedStatements?: boolean;
}

/** A pg pool; createDatabase puts Kysely in front of it. */
export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName,
    types,
  });
  // An idle client losing its connection (database restart) must not crash the process;
  // the pool drops it and the next query opens a new one.
  pool.on('error', (error) => options.onIdleClientError?.(error));
  return pool;
}

export function createDatabase(options: PoolOptions): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: kyselyPool(createPool(options), {
        preparedStatements: options.preparedStatements ?? true,
      }),
    }),
  });
}
