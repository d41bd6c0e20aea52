import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/**
 * Specialists accept terms before using cases and tools (issue 23, point 10): material
 * goes to Anthropic in the USA, clients must consent and be unidentifiable, results are
 * hypotheses. The accepted version and its date sit on the users row, which every update
 * reads anyway (claim_update), so checking it costs pro no extra round trip. Each version's
 * text is kept once, when it is first accepted. Specialists registered before this have
 * no version and are asked on their next message.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`
    alter table users
      add column terms_version text,
      add column terms_accepted_at timestamptz,
      add constraint users_terms_accepted_together
        check ((terms_version is null) = (terms_accepted_at is null))
  `.execute(db);
  await sql`
    create table specialist_terms (
      version text primary key,
      text text not null,
      first_accepted_at timestamptz not null default now()
    )
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop table specialist_terms`.execute(db);
  await sql`
    alter table users
      drop constraint users_terms_accepted_together,
      drop column terms_accepted_at,
      drop column terms_version
  `.execute(db);
}
