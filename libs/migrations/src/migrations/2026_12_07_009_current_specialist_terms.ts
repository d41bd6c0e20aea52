import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * Which version of the specialist's terms is in force, so that the dashboard and the AI
 * tool bots refuse a specialist who has not accepted it (issue 23, point 10), as pro does.
 * Only pro has the text (SPECIALIST_TERMS_TEXT), so pro writes the version it runs with
 * here at every start, and the others read it. specialist_terms could not say it: it holds
 * the versions someone accepted, so a new version is missing from it until the first
 * specialist accepts, and everyone on the old one would keep their tools until then.
 *
 * One row (only_row is always true). Until pro first starts with this release, it is the
 * latest version anyone accepted, so a tool deployed before pro goes on serving the
 * specialists who accepted the terms, and none who did not.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`
    create table current_specialist_terms (
      only_row boolean primary key default true
        constraint current_specialist_terms_one_row check (only_row),
      version text not null,
      published_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`
    insert into current_specialist_terms (version)
    select version from specialist_terms order by first_accepted_at desc limit 1
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop table current_specialist_terms`.execute(db);
}
