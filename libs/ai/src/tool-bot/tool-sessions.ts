import { type Database, TOOL_SESSION_COLUMNS, type ToolSession } from '@psycheos/db';
import type { Transaction } from 'kysely';

/**
 * A tool's session: one opening of the tool for a case (or, for the trainer, for the
 * specialist alone: contextId null), from its launch link to /finish. The chat's state
 * holds its id; what the tool keeps lives in the session's rows.
 */
export async function openToolSession(
  tx: Transaction<Database>,
  opening: { botId: string; contextId: string | null; specialistUserId: string; chatId: number },
): Promise<ToolSession> {
  // A new link while a session is open ends the old one: one open session per chat.
  await tx
    .updateTable('tool_sessions')
    .set({ finished_at: new Date() })
    .where('bot_id', '=', opening.botId)
    .where('chat_id', '=', opening.chatId)
    .where('finished_at', 'is', null)
    .execute();
  return tx
    .insertInto('tool_sessions')
    .values({
      bot_id: opening.botId,
      context_id: opening.contextId,
      specialist_user_id: opening.specialistUserId,
      chat_id: opening.chatId,
    })
    .returning(TOOL_SESSION_COLUMNS)
    .executeTakeFirstOrThrow();
}

/**
 * The chat's open session, if it is still open, the specialist's, and its case (when it has
 * one: the trainer's has none) still active.
 */
export async function findOpenSession(
  tx: Transaction<Database>,
  sessionId: string,
  specialistUserId: string,
): Promise<ToolSession | null> {
  const session = await tx
    .selectFrom('tool_sessions')
    .leftJoin('contexts', 'contexts.context_id', 'tool_sessions.context_id')
    .select(TOOL_SESSION_COLUMNS)
    .where('tool_sessions.session_id', '=', sessionId)
    .where('tool_sessions.specialist_user_id', '=', specialistUserId)
    .where('tool_sessions.finished_at', 'is', null)
    .where((eb) =>
      eb.or([eb('tool_sessions.context_id', 'is', null), eb('contexts.status', '=', 'active')]),
    )
    .executeTakeFirst();
  return session ?? null;
}

export async function finishToolSession(
  tx: Transaction<Database>,
  sessionId: string,
): Promise<void> {
  await tx
    .updateTable('tool_sessions')
    .set({ finished_at: new Date() })
    .where('session_id', '=', sessionId)
    .where('finished_at', 'is', null)
    .execute();
}

/** Saves the tool's own state of the session (an intake's answers, a persona). */
export async function saveSessionState(
  tx: Transaction<Database>,
  sessionId: string,
  state: Record<string, unknown>,
): Promise<void> {
  await tx
    .updateTable('tool_sessions')
    .set({ state: JSON.stringify(state) })
    .where('session_id', '=', sessionId)
    .execute();
}
