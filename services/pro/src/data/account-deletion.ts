import type { Database, User } from '@psycheos/shared';
import { type Kysely, sql } from 'kysely';

type Db = Kysely<Database>;

export interface DeletionCounts {
  casesDeleted: number;
  clientsDeleted: number;
}

/**
 * Deletes a specialist and everything that is theirs, at their own request, in the
 * caller's transaction: their users row (contexts and launch_tokens go with it by FK),
 * their chat states in every bot, the chat states bound to their cases, their clients
 * who came through no one else's case, and the events not yet published about them.
 * What stays is one account_deletions row with counts only, and invites (admin data).
 */
export async function deleteSpecialistAccount(db: Db, account: User): Promise<DeletionCounts> {
  // Locked, so no client is linked to one of these cases between this read and the commit.
  const cases = await db
    .selectFrom('contexts')
    .select(['context_id', 'client_user_id'])
    .where('specialist_user_id', '=', account.user_id)
    .forUpdate()
    .execute();
  const caseIds = cases.map((c) => c.context_id);
  const linkedClientIds = [
    ...new Set(cases.flatMap((c) => (c.client_user_id ? [c.client_user_id] : []))),
  ];

  // A client who is also another specialist's client stays: that case is not ours to erase.
  const clients =
    linkedClientIds.length === 0
      ? []
      : await db
          .selectFrom('users')
          .select(['user_id', 'telegram_id'])
          .where('user_id', 'in', linkedClientIds)
          .where('role', '=', 'client')
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('contexts')
                  .select(sql.lit(1).as('one'))
                  .whereRef('contexts.client_user_id', '=', 'users.user_id')
                  .where('contexts.specialist_user_id', '!=', account.user_id),
              ),
            ),
          )
          .execute();

  // A private chat's id is the person's Telegram id, so rows saved without
  // telegram_user_id are found by chat_id too (group chats have negative ids).
  // The chats' flood counters live in these rows and go with them.
  const telegramIds = [account.telegram_id, ...clients.map((c) => c.telegram_id)];
  await db
    .deleteFrom('bot_chat_state')
    .where(({ eb, or }) =>
      or([
        eb('telegram_user_id', 'in', telegramIds),
        eb('chat_id', 'in', telegramIds),
        ...(caseIds.length > 0 ? [eb('context_id', 'in', caseIds)] : []),
      ]),
    )
    .execute();

  // Events carry ids only, but one still waiting would announce a case that is gone.
  await db
    .deleteFrom('event_outbox')
    .where('published_at', 'is', null)
    .where(sql<string>`payload -> 'payload' ->> 'specialist_user_id'`, '=', account.user_id)
    .execute();

  await db.deleteFrom('users').where('user_id', '=', account.user_id).execute();
  if (clients.length > 0) {
    const clientIds = clients.map((c) => c.user_id);
    await db.deleteFrom('users').where('user_id', 'in', clientIds).execute();
  }

  const counts = { casesDeleted: cases.length, clientsDeleted: clients.length };
  await db
    .insertInto('account_deletions')
    .values({ cases_deleted: counts.casesDeleted, clients_deleted: counts.clientsDeleted })
    .execute();
  return counts;
}
