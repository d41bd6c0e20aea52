import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe the schema as it was then
type AnyDb = Kysely<any>;

/** Every table where a Симулятор row named a case, and so a real client (issue 23, point 1). */
const TABLES_NAMING_A_CASE = [
  'ai_results',
  'tool_sessions',
  'ai_usage',
  'launch_tokens',
  'bot_chat_state',
] as const;

/**
 * Practice is not a client's case. The Симулятор was opened from a case card, so a
 * training session with a fictional client was kept in a real client's history (pro's
 * «🗂 История») and offered to the Концептуализатор as material about that client. It is
 * now the specialist's trainer, opened from pro's main menu with a link bound to the
 * specialist alone: its sessions, results and launch links have no case.
 *
 * Up: a tool session, a result and a launch link may have no case, and everything the
 * Симулятор kept moves out of its case (context_id null): its sessions with their
 * conversations and jobs, its results (the CTRS totals stay the specialist's progress),
 * their usage, its unused links (they now open the trainer) and its chats' bindings.
 * Nothing else changes: another tool's rows keep their case.
 *
 * Down: the older release keeps every session and result in a case, and which case a
 * trainer row once belonged to is not kept (keeping it would keep the very link this
 * removes). So its caseless sessions (with their conversations and jobs), results and
 * links are deleted before the columns are required again: rolling back loses the
 * trainer's history.
 */
export async function up(db: AnyDb): Promise<void> {
  for (const table of ['tool_sessions', 'ai_results', 'launch_tokens']) {
    await sql`alter table ${sql.table(table)} alter column context_id drop not null`.execute(db);
  }
  for (const table of TABLES_NAMING_A_CASE) {
    await sql`
      update ${sql.table(table)} set context_id = null
      where bot_id = 'simulator' and context_id is not null
    `.execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['ai_results', 'tool_sessions', 'launch_tokens']) {
    await sql`delete from ${sql.table(table)} where context_id is null`.execute(db);
    await sql`alter table ${sql.table(table)} alter column context_id set not null`.execute(db);
  }
}
