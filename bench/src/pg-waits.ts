import pg from 'pg';

export interface PgWaitSample {
  /** What active backends were doing: a wait event ("Lock:object"), or "CPU" when none. */
  what: string;
  /** The statement's first words, so a wait can be tied to add_job, COMMIT, the claim ... */
  statement: string;
  /** Samples in which a backend was seen so. */
  samples: number;
}

/**
 * Samples pg_stat_activity every few milliseconds while a burst runs: which of a database's
 * backends are active and what each waits on. The share of samples per wait says where
 * PostgreSQL's side of the time goes (a NOTIFY's queue lock at commit shows as
 * "Lock:object" on COMMIT; a row lock as "Lock:transactionid"; a busy disk as "IO:...").
 */
export async function samplePgWaits(
  connectionString: string,
  database: string,
  everyMs = 5,
): Promise<{ stop(): Promise<{ total: number; top: PgWaitSample[] }> }> {
  const client = new pg.Client({ connectionString, application_name: 'bench-waits' });
  await client.connect();
  const counts = new Map<string, PgWaitSample>();
  let total = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{
        type: string | null;
        event: string | null;
        query: string;
      }>(
        `select wait_event_type as type, wait_event as event, left(query, 120) as query
         from pg_stat_activity
         where datname = $1 and state = 'active' and pid <> pg_backend_pid()`,
        [database],
      );
      for (const row of rows) {
        total += 1;
        const what = row.type ? `${row.type}:${row.event}` : 'CPU';
        const statement = statementOf(row.query);
        const key = `${what}\u0000${statement}`;
        const entry = counts.get(key) ?? { what, statement, samples: 0 };
        entry.samples += 1;
        counts.set(key, entry);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      const top = [...counts.values()].sort((a, b) => b.samples - a.samples).slice(0, 8);
      return { total, top };
    },
  };
}

/** A statement as a short name: graphile-worker's function, the claim, COMMIT, a table. */
function statementOf(query: string): string {
  const text = query.replace(/\s+/g, ' ').trim();
  const call = /select (?:\* from )?([\w.]+)\(/i.exec(text);
  if (call?.[1]) return `${call[1]}()`;
  const write = /^(insert into|update|delete from) ([\w."]+)/i.exec(text);
  if (write) return `${write[1]?.toLowerCase()} ${write[2]}`;
  return text.split(' ').slice(0, 3).join(' ').toLowerCase();
}
