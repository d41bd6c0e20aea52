import type { QueryClient, QueryResult } from './query-client';

/**
 * Marks a statement that may wait for its transaction's COMMIT and travel in the same
 * message: `${AT_COMMIT} insert ...`. It must take no parameters (several statements fit
 * one message only in the simple query protocol), so its values are inlined as literals.
 */
export const AT_COMMIT = '/* at commit */ ';

/**
 * A connection that holds statements marked AT_COMMIT back until their transaction
 * commits, and sends them with the COMMIT in one message.
 *
 * Why: the reply outbox adds an INSERT to every update that replies, and its round trip
 * (a socket write and a wake-up on both sides) cost pro and PostgreSQL more than the
 * insert itself (docs/BENCHMARKS.md). Sent with the COMMIT it costs none. Should the
 * statement fail, the COMMIT in the same message does not run, the caller's commit
 * fails and Kysely rolls the transaction back: nothing half done. Outside a transaction,
 * or on ROLLBACK, nothing is held.
 */
export function atCommit(client: QueryClient): QueryClient {
  let inTransaction = false;
  let held: string[] = [];
  return {
    async query(text, parameters) {
      if (text === 'begin') {
        inTransaction = true;
        held = [];
        return client.query(text, parameters);
      }
      if (inTransaction && text.startsWith(AT_COMMIT) && parameters.length === 0) {
        held.push(text);
        return { command: 'INSERT' as QueryResult['command'], rowCount: 0, rows: [] };
      }
      if (text === 'commit' || text === 'rollback') {
        inTransaction = false;
        const statements = held;
        held = [];
        if (text === 'commit' && statements.length > 0) {
          // Several statements in one message answer with one result each; COMMIT's is last.
          const results = (await client.query(`${statements.join(';\n')};\ncommit`, [])) as
            | QueryResult
            | QueryResult[];
          return (Array.isArray(results) ? results[results.length - 1] : results) as QueryResult;
        }
      }
      return client.query(text, parameters);
    },
    release(destroy) {
      inTransaction = false;
      held = [];
      client.release(destroy);
    },
  };
}
