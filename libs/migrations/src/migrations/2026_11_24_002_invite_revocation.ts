import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/** An admin can revoke an invite before it is used; the row stays for the invites list. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('invites').addColumn('revoked_at', 'timestamptz').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('invites').dropColumn('revoked_at').execute();
}
