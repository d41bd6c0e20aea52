import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/**
 * A pg pool for Kysely whose transactions send BEGIN together with their first statement.
 *
 * Why: a round trip to PostgreSQL costs more CPU than anything else an update does (the
 * socket write wakes the server; see docs/BENCHMARKS.md), and every webhook opens a
 * transaction whose first statement is the claim. Kysely sends "begin" on its own, then
 * the claim; here "begin" is held back and sent in the same message as the next statement.
 * That is only possible for a statement without parameters (the simple query protocol
 * takes several statements; the extended one, with parameters, takes one), so a first
 * statement with parameters gets its BEGIN sent just before it, as before.
 */
export function lazyBeginPool(pool: pg.Pool): PostgresPool {
  // Kysely keys its connections by the client object, so each pg client keeps one wrapper.
  const wrappers = new WeakMap<pg.PoolClient, LazyBeginClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = new LazyBeginClient(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

type Result = PostgresQueryResult<unknown>;

class LazyBeginClient implements PostgresPoolClient {
  #beginHeld = false;

  constructor(private readonly client: pg.PoolClient) {}

  // Kysely calls query(sql, parameters), or query(cursor) to stream, which passes through.
  readonly query = ((text: unknown, parameters?: readonly unknown[]) =>
    typeof text === 'string'
      ? this.#query(text, parameters ?? [])
      : this.client.query(text as pg.Submittable)) as PostgresPoolClient['query'];

  async #query(text: string, parameters: readonly unknown[]): Promise<Result> {
    if (text === 'begin') {
      this.#beginHeld = true;
      return { command: 'BEGIN' as Result['command'], rowCount: 0, rows: [] };
    }
    if (!this.#beginHeld) return this.client.query(text, [...parameters]) as Promise<Result>;
    this.#beginHeld = false;
    // A transaction that ran nothing: neither BEGIN nor its end needs to reach the server.
    if (text === 'commit' || text === 'rollback') {
      return { command: text === 'commit' ? 'COMMIT' : 'ROLLBACK', rowCount: 0, rows: [] };
    }
    if (parameters.length > 0) {
      await this.client.query('begin');
      return this.client.query(text, [...parameters]) as Promise<Result>;
    }
    // Several statements in one message answer with one result each; the caller's is last.
    const results = (await this.client.query(`begin;\n${text}`)) as unknown as Result | Result[];
    return (Array.isArray(results) ? results[results.length - 1] : results) as Result;
  }

  release(destroy?: boolean): void {
    this.#beginHeld = false;
    this.client.release(destroy);
  }
}
