import { type Kysely, sql } from 'kysely';

/** Where a needle was found: `schema.table.column`, and which needle. */
export interface PersonalTrace {
  where: string;
  needle: string;
}

interface StoredColumn {
  table_schema: string;
  table_name: string;
  column_name: string;
  data_type: string;
}

/**
 * Searches every column of every table in every schema the application owns (public,
 * graphile_worker, any added later) for any of the needles: Telegram ids, names, labels,
 * words a person typed. Each value is read as text, json and jsonb included, and compared
 * without regard to case. An empty answer means the database holds none of them.
 *
 * Why: a deletion is proven by what is left, not by the rows it meant to delete. A list
 * of tables in a test goes stale the day a migration adds one; this reads the catalogue,
 * so a new table, column or schema is searched from the day it exists.
 *
 * Pick distinctive needles (a 10-digit Telegram id, a made-up surname): a short one
 * matches by chance inside uuids and timestamps.
 */
export async function findPersonalTraces<DB>(
  db: Kysely<DB>,
  needles: readonly (string | number)[],
): Promise<PersonalTrace[]> {
  const sought = needles.map(String);
  if (sought.some((needle) => needle.length < 4)) {
    throw new Error('a needle shorter than 4 characters would match by chance; pick a longer one');
  }
  const columns = await sql<StoredColumn>`
    select c.table_schema, c.table_name, c.column_name, c.data_type
    from information_schema.columns c
    join information_schema.tables t
      on t.table_schema = c.table_schema and t.table_name = c.table_name
    where t.table_type = 'BASE TABLE'
      and c.table_schema not in ('pg_catalog', 'information_schema')
      and c.table_schema not like 'pg\_%'
    order by c.table_schema, c.table_name, c.ordinal_position
  `.execute(db);

  const traces: PersonalTrace[] = [];
  for (const [table, tableColumns] of groupByTable(columns.rows)) {
    const [schemaName = '', tableName = ''] = table.split('.');
    const values = sql.join(
      tableColumns.map((column) => sql`(${column.column_name}, ${asText(column)})`),
    );
    const found = await sql<{ column_name: string; needle: string }>`
      select distinct value.column_name, needle
      from ${sql.table(`${schemaName}.${tableName}`)} as stored
      cross join lateral (values ${values}) as value(column_name, text)
      join unnest(${sought}::text[]) as needle on strpos(lower(value.text), lower(needle)) > 0
      order by 1, 2
    `.execute(db);
    for (const row of found.rows) {
      traces.push({ where: `${table}.${row.column_name}`, needle: row.needle });
    }
  }
  return traces;
}

/**
 * The column's value as text. json keeps the text it was given, escapes included
 * ("\u041c"), so it goes through jsonb, which prints the characters themselves.
 */
function asText(column: StoredColumn) {
  const value = sql.ref(`stored.${column.column_name}`);
  return column.data_type === 'json' ? sql`${value}::jsonb::text` : sql`${value}::text`;
}

function groupByTable(columns: StoredColumn[]): Map<string, StoredColumn[]> {
  const tables = new Map<string, StoredColumn[]>();
  for (const column of columns) {
    const table = `${column.table_schema}.${column.table_name}`;
    tables.set(table, [...(tables.get(table) ?? []), column]);
  }
  return tables;
}
