import type { Database } from '@psycheos/shared';
import type { Transaction } from 'kysely';

/**
 * Registers the client (a users row with role client; nothing but the Telegram id is
 * kept: no name, no username) and records them as the case's client.
 */
export async function linkClientToCase(
  tx: Transaction<Database>,
  telegramId: number,
  contextId: string,
): Promise<string> {
  await tx
    .insertInto('users')
    .values({ telegram_id: telegramId, role: 'client', username: null, full_name: null })
    .onConflict((conflict) => conflict.column('telegram_id').doNothing())
    .execute();
  const user = await tx
    .selectFrom('users')
    .select('user_id')
    .where('telegram_id', '=', telegramId)
    .executeTakeFirstOrThrow();
  await tx
    .updateTable('contexts')
    .set({ client_user_id: user.user_id, updated_at: new Date() })
    .where('context_id', '=', contextId)
    .execute();
  return user.user_id;
}
