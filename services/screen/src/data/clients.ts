import type { Database } from '@psycheos/db';
import type { Transaction } from 'kysely';

/**
 * Registers the client (a users row with role client; nothing but the Telegram id is
 * kept: no name, no username) and adds them to the case's clients; a case keeps every
 * client who signed up for it, so deleting the case's specialist finds each of them.
 *
 * The upsert locks the users row until the update commits, so an account deletion that
 * is removing this very client either waits for the link (and then keeps the client) or
 * has removed the row first (and the upsert makes a fresh one).
 */
export async function linkClientToCase(
  tx: Transaction<Database>,
  telegramId: number,
  contextId: string,
): Promise<string> {
  const user = await tx
    .insertInto('users')
    .values({ telegram_id: telegramId, role: 'client', username: null, full_name: null })
    .onConflict((conflict) =>
      conflict.column('telegram_id').doUpdateSet({ updated_at: new Date() }),
    )
    .returning('user_id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('case_clients')
    .values({ context_id: contextId, client_user_id: user.user_id })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  return user.user_id;
}
