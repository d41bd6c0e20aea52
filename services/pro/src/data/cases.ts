import {
  CASE_COLUMNS,
  type Case,
  type ContextStatus,
  type Database,
  findOwnCase,
} from '@psycheos/db';
import { type Kysely, sql } from 'kysely';

type Db = Kysely<Database>;

export type { Case };

export function createCase(db: Db, specialistUserId: string, clientRef: string): Promise<Case> {
  return db
    .insertInto('contexts')
    .values({ specialist_user_id: specialistUserId, client_ref: clientRef })
    .returning(CASE_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** A case, only if it belongs to this specialist (every button naming a case goes through it). */
export { findOwnCase };

export async function listOwnCases(
  db: Db,
  specialistUserId: string,
  status: ContextStatus,
  page: number,
  pageSize: number,
): Promise<{ items: Case[]; hasMore: boolean }> {
  const rows = await db
    .selectFrom('contexts')
    .select(CASE_COLUMNS)
    .where('specialist_user_id', '=', specialistUserId)
    .where('status', '=', status)
    .orderBy('created_at', 'desc')
    .orderBy('context_id')
    .limit(pageSize + 1)
    .offset(page * pageSize)
    .execute();
  return { items: rows.slice(0, pageSize), hasMore: rows.length > pageSize };
}

export async function renameCase(db: Db, caseId: string, clientRef: string): Promise<void> {
  await db
    .updateTable('contexts')
    .set({ client_ref: clientRef, updated_at: new Date() })
    .where('context_id', '=', caseId)
    .execute();
}

/**
 * Moves a case between active and archived; returns false if it already was there.
 * An archived case stops being the active case of every chat that had it.
 */
export async function setCaseStatus(
  db: Db,
  caseId: string,
  status: ContextStatus,
): Promise<boolean> {
  const result = await db
    .updateTable('contexts')
    .set({ status, updated_at: new Date() })
    .where('context_id', '=', caseId)
    .where('status', '!=', status)
    .executeTakeFirst();
  if (status === 'archived') {
    await db
      .updateTable('bot_chat_state')
      .set({ context_id: null, updated_at: new Date() })
      .where('context_id', '=', caseId)
      .execute();
  }
  return result.numUpdatedRows > 0n;
}

/** How many cases a specialist has, archived ones included. */
export async function countOwnCases(db: Db, specialistUserId: string): Promise<number> {
  const row = await db
    .selectFrom('contexts')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('specialist_user_id', '=', specialistUserId)
    .executeTakeFirstOrThrow();
  return row.count;
}
