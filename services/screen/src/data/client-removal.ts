import type { Database, User } from '@psycheos/db';
import type { Transaction } from 'kysely';

type Tx = Transaction<Database>;

/**
 * Forgets a client, for one case (consent refused) or for all (/delete_me): their
 * screening sessions there (answers and scores go with them), their links to those cases,
 * and, once they are linked to no case, their users row and their screen chat's state and
 * settled replies. Crisis alerts stay with the case, as the specialist's record that an
 * alert was sent, without the client (client_user_id and session_id become null); they
 * never held the client's words. Returns the cases the client was removed from, and
 * whether nothing of them is left (their users row and screen chat state are gone).
 */
export async function removeClient(
  tx: Tx,
  client: User,
  scope: { contextId: string } | 'everything',
): Promise<{ caseIds: string[]; isForgotten: boolean }> {
  const links = await tx
    .deleteFrom('case_clients')
    .where('client_user_id', '=', client.user_id)
    .$if(scope !== 'everything', (q) =>
      q.where('context_id', '=', (scope as { contextId: string }).contextId),
    )
    .returning('context_id')
    .execute();
  await tx
    .deleteFrom('screening_sessions')
    .where('client_user_id', '=', client.user_id)
    .$if(scope !== 'everything', (q) =>
      q.where('context_id', '=', (scope as { contextId: string }).contextId),
    )
    .execute();
  await tx
    .updateTable('crisis_alerts')
    .set({ client_user_id: null })
    .where('client_user_id', '=', client.user_id)
    .$if(scope !== 'everything', (q) =>
      q.where('context_id', '=', (scope as { contextId: string }).contextId),
    )
    .execute();

  const remaining = await tx
    .selectFrom('case_clients')
    .select('context_id')
    .where('client_user_id', '=', client.user_id)
    .executeTakeFirst();
  const caseIds = links.map((link) => link.context_id);
  if (remaining) return { caseIds, isForgotten: false };
  await tx
    .deleteFrom('bot_chat_state')
    .where('bot_id', '=', 'screen')
    .where('chat_id', '=', client.telegram_id)
    .execute();
  await tx
    .deleteFrom('reply_outbox')
    .where('bot_id', '=', 'screen')
    .where('chat_id', '=', client.telegram_id)
    .where('status', '<>', 'pending')
    .execute();
  // A specialist who tried their own screening link keeps their account.
  if (client.role === 'client') {
    await tx.deleteFrom('users').where('user_id', '=', client.user_id).execute();
  }
  return { caseIds, isForgotten: client.role === 'client' };
}
