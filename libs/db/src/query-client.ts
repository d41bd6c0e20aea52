import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { atCommit } from './at-commit';
import { lazyBegin } from './lazy-begin';
import { preparedStatements } from './prepared-statements';

export type QueryResult = PostgresQueryResult<unknown>;

/** What Kysely needs of a pooled connection, less the cursors we never stream with. */
export interface QueryClient {
  query(text: string, parameters: readonly unknown[]): Promise<QueryResult>;
  release(destroy?: boolean): void;
}

export interface KyselyPoolOptions {
  /** Prepare statements once per connection (prepared-statements.ts). */
  preparedStatements: boolean;
}

/**
 * The pg pool as Kysely sees it: each connection sends statements marked for the commit
 * with it (at-commit.ts) and BEGIN with the first statement (lazy-begin.ts), and, unless
 * turned off, prepares statements (prepared-statements.ts).
 */
export function kyselyPool(pool: pg.Pool, options: KyselyPoolOptions): PostgresPool {
  // Kysely keys its connections by the client object, so each pg client keeps one wrapper.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        const inner = options.preparedStatements ? preparedStatements(client) : plain(client);
        wrapper = asKyselyClient(atCommit(lazyBegin(inner)));
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

function plain(client: pg.PoolClient): QueryClient {
  return {
    query: async (text, parameters) =>
      (await client.query(text, [...parameters])) as unknown as QueryResult,
    release: (destroy) => client.release(destroy),
  };
}

function asKyselyClient(client: QueryClient): PostgresPoolClient {
  return {
    query: ((text: unknown, parameters?: readonly unknown[]) => {
      if (typeof text !== 'string') throw new Error('streaming queries are not supported');
      return client.query(text, parameters ?? []);
    }) as PostgresPoolClient['query'],
    release: (destroy) => client.release(destroy),
  };
}
