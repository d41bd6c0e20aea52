import type { Database, User } from '@psycheos/db';
import { type Kysely, sql } from 'kysely';
import type { SpecialistSummary } from '../texts';

type Db = Kysely<Database>;

export interface TelegramProfile {
  telegramId: number;
  username: string | null;
  fullName: string | null;
}

/** Registers a specialist; a client of the screen bot who is invited becomes a specialist. */
export async function registerSpecialist(db: Db, profile: TelegramProfile): Promise<User> {
  return db
    .insertInto('users')
    .values({
      telegram_id: profile.telegramId,
      role: 'specialist',
      status: 'active',
      username: profile.username,
      full_name: profile.fullName,
    })
    .onConflict((conflict) =>
      conflict.column('telegram_id').doUpdateSet({
        role: 'specialist',
        username: profile.username,
        full_name: profile.fullName,
        updated_at: new Date(),
      }),
    )
    .returning(userColumns)
    .executeTakeFirstOrThrow();
}

/** Every column of users, named: a prepared `select *` goes stale when a column is added. */
export const userColumns = [
  'user_id',
  'telegram_id',
  'role',
  'status',
  'username',
  'full_name',
  'terms_version',
  'terms_accepted_at',
  'created_at',
  'updated_at',
] as const;

export async function listSpecialists(
  db: Db,
  page: number,
  pageSize: number,
): Promise<{ items: SpecialistSummary[]; hasMore: boolean }> {
  const rows = await specialistSummaries(db)
    .orderBy('users.created_at', 'desc')
    .orderBy('users.user_id')
    .limit(pageSize + 1)
    .offset(page * pageSize)
    .execute();
  return { items: rows.slice(0, pageSize), hasMore: rows.length > pageSize };
}

export function findSpecialist(db: Db, userId: string): Promise<SpecialistSummary | undefined> {
  return specialistSummaries(db).where('users.user_id', '=', userId).executeTakeFirst();
}

export function findSpecialistByTelegramId(
  db: Db,
  telegramId: number,
): Promise<SpecialistSummary | undefined> {
  return specialistSummaries(db).where('users.telegram_id', '=', telegramId).executeTakeFirst();
}

function specialistSummaries(db: Db) {
  return db
    .selectFrom('users')
    .select([
      'users.user_id',
      'users.telegram_id',
      'users.full_name',
      'users.username',
      'users.status',
      'users.created_at',
      (eb) =>
        eb
          .selectFrom('contexts')
          .select(sql<number>`count(*)::int`.as('count'))
          .whereRef('contexts.specialist_user_id', '=', 'users.user_id')
          .where('contexts.status', '=', 'active')
          .as('active_cases'),
    ])
    .where('users.role', '=', 'specialist')
    .$narrowType<{ active_cases: number }>();
}

/**
 * Blocks or unblocks a specialist; returns false when there is no such specialist.
 * Blocking ends the specialist's open tool sessions: their chats in the other bots stop
 * being bound to a case (the tool bots also refuse a blocked specialist on every update).
 */
export async function setSpecialistStatus(
  db: Db,
  userId: string,
  status: 'active' | 'blocked',
): Promise<boolean> {
  const changed = await db
    .updateTable('users')
    .set({ status, updated_at: new Date() })
    .where('user_id', '=', userId)
    .where('role', '=', 'specialist')
    .returning('telegram_id')
    .executeTakeFirst();
  if (changed && status === 'blocked') await endToolSessions(db, changed.telegram_id);
  return changed !== undefined;
}

async function endToolSessions(db: Db, telegramId: number): Promise<void> {
  await db
    .updateTable('bot_chat_state')
    .set({ state: 'idle', state_payload: '{}', context_id: null, updated_at: new Date() })
    .where('bot_id', '!=', 'pro')
    .where('role', '=', 'specialist')
    .where('context_id', 'is not', null)
    .where((eb) => eb.or([eb('telegram_user_id', '=', telegramId), eb('chat_id', '=', telegramId)]))
    .execute();
}
