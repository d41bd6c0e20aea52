import type { Database } from '@psycheos/db';
import { sql, type Transaction } from 'kysely';

/**
 * Whether the sender has a users row now, read in the update's own transaction after its
 * handlers ran. The reply outbox queues a stranger's replies behind everyone the bot knows;
 * someone who became known in this very update (a specialist registering through their
 * invitation, a client opening a screening link) is served from this update on, not behind
 * a morning's backlog of strangers. Read in the database, so every replica decides alike.
 */
export async function isSenderKnownNow(
  tx: Transaction<Database>,
  telegramId: number,
): Promise<boolean> {
  const { rows } = await sql<{ known: boolean }>`
    select exists(select 1 from users where telegram_id = ${telegramId}) as known
  `.execute(tx);
  return rows[0]?.known === true;
}
