import { type EnvReader, parsers } from '@psycheos/platform';

/** Where and how a process reaches PostgreSQL; every service and command that opens the database reads it the same way. */
export interface DatabaseConfig {
  /** What the service queries through: DATABASE_URL_POOLER when set, else DATABASE_URL. */
  url: string;
  /** Migrations need a direct connection (advisory locks, DDL), so always DATABASE_URL. */
  migrationUrl: string;
  /** DB_POOL_SIZE + DB_MAX_OVERFLOW: pg's pool has one ceiling, not a base and an overflow. */
  poolMax: number;
  /**
   * DB_PREPARED_STATEMENTS: prepare each statement once per connection. On by default;
   * off by default behind DATABASE_URL_POOLER (PgBouncer keeps them only from 1.21 on).
   */
  preparedStatements: boolean;
}

export function readDatabaseConfig(env: EnvReader): DatabaseConfig {
  const migrationUrl = env.required('DATABASE_URL', parsers.postgresUrl);
  const pooledUrl = env.optional('DATABASE_URL_POOLER', parsers.postgresUrl);
  const poolSize = env.optional('DB_POOL_SIZE', parsers.positiveInt, 5);
  const maxOverflow = env.optional('DB_MAX_OVERFLOW', parsers.nonNegativeInt, 5);
  const preparedStatements = env.optional(
    'DB_PREPARED_STATEMENTS',
    parsers.boolean,
    pooledUrl === undefined,
  );
  return {
    url: pooledUrl ?? migrationUrl,
    migrationUrl,
    poolMax: poolSize + maxOverflow,
    preparedStatements,
  };
}
