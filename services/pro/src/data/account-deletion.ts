import { forgetLegacyAiQueuesOf } from '@psycheos/ai';
import { unlinkPayments } from '@psycheos/billing';
import type { Database, User } from '@psycheos/db';
import { requestStreamErasure } from '@psycheos/events';
import { type Kysely, sql } from 'kysely';
import { DELETED_AUDIT_TARGET } from './admin-audit';

type Db = Kysely<Database>;

export interface DeletionCounts {
  casesDeleted: number;
  clientsDeleted: number;
}

/**
 * Deletes a specialist and everything that is about them, at their own request, in the
 * caller's transaction:
 * - their users row (contexts, case_clients and launch_tokens go with it by FK);
 * - their clients who are linked to no one else's case;
 * - their chat states in every bot, their clients' and those bound to their cases;
 * - job queue rows an older release named after their chats;
 * - the admin's note on the invite that registered them, and their id in the admin log;
 * - every event about them in the outbox, published or not, and the published ones in
 *   JetStream (event_purges: the outbox relay erases them from the stream).
 * What stays is one account_deletions row with counts only, the invite without its note,
 * the admin log's entries with their id replaced, and their Stars payments (amount, date,
 * charge id, as the law requires) unlinked from them; their credit ledger goes by FK.
 */
export async function deleteSpecialistAccount(db: Db, account: User): Promise<DeletionCounts> {
  // Locked, so no client is linked to one of these cases between this read and the commit.
  const cases = await db
    .selectFrom('contexts')
    .select('context_id')
    .where('specialist_user_id', '=', account.user_id)
    .forUpdate()
    .execute();
  const caseIds = cases.map((c) => c.context_id);
  const clients = await clientsOnlyOf(db, caseIds);

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

  // Replies Telegram refused or that expired keep the chat's id for an operator; the
  // person's go now. Pending ones (this deletion's own confirmation among them) are sent
  // and then deleted by the sender, in every bot.
  await db
    .deleteFrom('reply_outbox')
    .where('chat_id', 'in', telegramIds)
    .where('status', '<>', 'pending')
    .execute();

  // The AI tools' job queues were once named after the chat; graphile-worker keeps such rows.
  await forgetLegacyAiQueuesOf(db, telegramIds);

  await forgetInAdminRecords(db, account.user_id);
  // Payment records stay (amount, date, charge id) without a way back to the person.
  await unlinkPayments(db, account.user_id);
  await forgetEvents(db, 'specialist_user_id', account.user_id);

  await db
    .deleteFrom('users')
    .where('user_id', 'in', [account.user_id, ...clients.map((c) => c.user_id)])
    .execute();

  const counts = { casesDeleted: cases.length, clientsDeleted: clients.length };
  await db
    .insertInto('account_deletions')
    .values({ cases_deleted: counts.casesDeleted, clients_deleted: counts.clientsDeleted })
    .execute();
  return counts;
}

/**
 * The clients of these cases who are no one else's: a client who is also another
 * specialist's client stays, as that case is not ours to erase. Their rows are locked
 * first, and the other links read after, so a link being made right now (it needs the
 * row) is either seen or waits for this transaction.
 */
export async function clientsOnlyOf(db: Db, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  const linked = await db
    .selectFrom('users')
    .select(['user_id', 'telegram_id'])
    .where('role', '=', 'client')
    .where('user_id', 'in', (eb) =>
      eb.selectFrom('case_clients').select('client_user_id').where('context_id', 'in', caseIds),
    )
    .forUpdate()
    .execute();
  if (linked.length === 0) return [];
  const elsewhere = await db
    .selectFrom('case_clients')
    .select('client_user_id')
    .where(
      'client_user_id',
      'in',
      linked.map((client) => client.user_id),
    )
    .where('context_id', 'not in', caseIds)
    .execute();
  const kept = new Set(elsewhere.map((link) => link.client_user_id));
  return linked.filter((client) => !kept.has(client.user_id));
}

/**
 * The admin's note on the invite that registered the specialist names them ("Мария
 * Иванова, психотерапевт, Казань"); the admin log's block and unblock entries hold their id.
 */
async function forgetInAdminRecords(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('invites')
    .set({ note: null, used_by_user_id: null })
    .where('used_by_user_id', '=', userId)
    .execute();
  await db
    .updateTable('admin_audit')
    .set({ target: DELETED_AUDIT_TARGET })
    .where('action', 'in', ['specialist_blocked', 'specialist_unblocked', 'credits_granted'])
    .where('target', '=', userId)
    .execute();
}

/**
 * Every outbox event naming the specialist (or the case) goes, published or not (one still
 * waiting would announce a case that is gone); those published are queued to be erased
 * from JetStream, where the relay recorded their sequence numbers.
 */
export async function forgetEvents(
  db: Db,
  field: 'specialist_user_id' | 'context_id',
  id: string,
): Promise<void> {
  const events = await db
    .deleteFrom('event_outbox')
    .where(sql<string>`payload -> 'payload' ->> ${field}`, '=', id)
    .returning(['event_id', 'stream_seq'])
    .execute();
  const published = events.flatMap((event) =>
    event.stream_seq === null ? [] : [{ event_id: event.event_id, stream_seq: event.stream_seq }],
  );
  await requestStreamErasure(db, published);
}
