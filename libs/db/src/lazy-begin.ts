import type { QueryClient, QueryResult } from './query-client';

/**
 * A connection whose transactions send BEGIN together with their first statement.
 *
 * Why: a round trip to PostgreSQL costs both processes a socket write and a wake-up, and
 * every webhook opens a transaction whose first statement is the claim. Kysely sends
 * "begin" on its own, then the claim; here "begin" is held back and sent in the same
 * message as the next statement. That is only possible for a statement without
 * parameters (the simple query protocol takes several statements; the extended one, with
 * parameters, takes one), so a first statement with parameters gets its BEGIN sent just
 * before it, as before.
 */
export function lazyBegin(client: QueryClient): QueryClient {
  let beginHeld = false;
  return {
    async query(text, parameters) {
      if (text === 'begin') {
        beginHeld = true;
        return { command: 'BEGIN' as QueryResult['command'], rowCount: 0, rows: [] };
      }
      if (!beginHeld) return client.query(text, parameters);
      beginHeld = false;
      // A transaction that ran nothing: neither BEGIN nor its end needs to reach the server.
      if (text === 'commit' || text === 'rollback') {
        return { command: text === 'commit' ? 'COMMIT' : 'ROLLBACK', rowCount: 0, rows: [] };
      }
      if (parameters.length > 0) {
        await client.query('begin', []);
        return client.query(text, parameters);
      }
      // Several statements in one message answer with one result each; the caller's is last.
      const results = (await client.query(`begin;\n${text}`, [])) as QueryResult | QueryResult[];
      return (Array.isArray(results) ? results[results.length - 1] : results) as QueryResult;
    },
    release(destroy) {
      beginHeld = false;
      client.release(destroy);
    },
  };
}
