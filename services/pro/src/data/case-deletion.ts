import type { Database } from '@psycheos/db';
import type { Kysely } from 'kysely';
import { clientsOnlyOf, forgetEvents } from './account-deletion';

type Db = Kysely<Database>;

/**
 * Deletes one of the specialist's cases for good, in the caller's transaction: the case
 * (its tool sessions, AI results, screenings, crisis alerts, launch links and client links
 * go with it by FK), its clients who are no one else's (their users rows and chat states),
 * the chat states bound to it in every bot, and the outbox events that name it. The tokens
 * the AI tools used stay counted for billing, without the case. Returns null when the case
 * is not the specialist's.
 */
export async function deleteOwnCase(
  db: Db,
  specialistUserId: string,
  caseId: string,
): Promise<{ clientsDeleted: number } | null> {
  const found = await db
    .selectFrom('contexts')
    .select('context_id')
    .where('context_id', '=', caseId)
    .where('specialist_user_id', '=', specialistUserId)
    .forUpdate()
    .executeTakeFirst();
  if (!found) return null;
  const clients = await clientsOnlyOf(db, [caseId]);
  const clientChats = clients.map((client) => client.telegram_id);
  await db
    .deleteFrom('bot_chat_state')
    .where(({ eb, or }) =>
      or([
        eb('context_id', '=', caseId),
        ...(clientChats.length > 0
          ? [eb('telegram_user_id', 'in', clientChats), eb('chat_id', 'in', clientChats)]
          : []),
      ]),
    )
    .execute();
  if (clientChats.length > 0) {
    await db
      .deleteFrom('reply_outbox')
      .where('chat_id', 'in', clientChats)
      .where('status', '<>', 'pending')
      .execute();
  }
  await forgetEvents(db, 'context_id', caseId);
  if (clients.length > 0) {
    await db
      .deleteFrom('users')
      .where(
        'user_id',
        'in',
        clients.map((client) => client.user_id),
      )
      .execute();
  }
  await db.deleteFrom('contexts').where('context_id', '=', caseId).execute();
  return { clientsDeleted: clients.length };
}
