import { AT_COMMIT } from '@psycheos/db';
import { type Kysely, sql, type Transaction } from 'kysely';
import pg from 'pg';

const { escapeLiteral } = pg;

import type { Database, ReplyStatus } from '@psycheos/db';
import type { OutgoingCall } from '../telegram/deferred-calls';
import { signalRepliesWritten } from './reply-signal';

/**
 * Who a reply is for: someone the bot knows goes ahead of strangers under a backlog, and an
 * urgent reply (a crisis alert, crisis resources) ahead of everything, its own chat's queued
 * replies included: enqueueUrgentReplies writes those.
 */
export const REPLY_PRIORITY = { urgent: -1, known: 0, stranger: 1 } as const;
export type ReplyPriority = (typeof REPLY_PRIORITY)[keyof typeof REPLY_PRIORITY];

export interface ReplyBatch {
  botId: string;
  /**
   * The chat of the update that made the calls: the chat a call is filed under when it names
   * none of its own (`chat_id`). A call that names its recipient is filed under that chat,
   * whose order it keeps, and its log lines name that chat (recipientChatId).
   */
  chatId: number;
  priority: ReplyPriority;
  calls: readonly OutgoingCall[];
}

/**
 * Stores calls in the reply outbox inside the caller's transaction: they exist exactly
 * when the change they report commits, and the bot's sender (reply-sender.ts) sends them,
 * told at once (reply-signal.ts).
 * Inside a transaction it travels with the COMMIT; the rows' ids follow the calls'
 * order, which is the order they are sent in.
 *
 * The same statement raises the chat's rows still pending at a lower priority (a
 * stranger's, before they registered) to this batch's: the sender reads the most urgent
 * rows first, and a chat's later reply must never overtake its earlier one.
 */
export async function enqueueReplies(
  tx: Transaction<Database> | Kysely<Database>,
  batch: ReplyBatch,
): Promise<void> {
  for (const run of runsByRecipient(batch)) await sql.raw(replyInsertStatement(run)).execute(tx);
  if (batch.calls.length > 0) signalRepliesWritten(batch.botId);
}

/**
 * The chat a call goes to: its own `chat_id` when that is a numeric id, else `fallback` (the
 * update's chat). A refund notice to a payer, sent from the admin's update, is the payer's
 * reply: filed and logged under the admin's chat, a 403 from the payer would read as the
 * admin having blocked the bot.
 */
export function recipientChatId(call: OutgoingCall, fallback: number): number {
  const chatId = call.payload.chat_id;
  if (typeof chatId === 'number' && Number.isSafeInteger(chatId)) return chatId;
  if (typeof chatId === 'string' && /^-?\d+$/.test(chatId)) {
    const parsed = Number(chatId);
    if (Number.isSafeInteger(parsed)) return parsed;
  }
  return fallback;
}

/**
 * Splits a batch into consecutive runs of calls to one recipient, each stored under that
 * chat: the runs are stored in order, so every call keeps its place in its chat's order.
 */
function runsByRecipient(batch: ReplyBatch): ReplyBatch[] {
  const runs: ReplyBatch[] = [];
  for (const call of batch.calls) {
    const chatId = recipientChatId(call, batch.chatId);
    const last = runs[runs.length - 1];
    if (last?.chatId === chatId) (last.calls as OutgoingCall[]).push(call);
    else runs.push({ ...batch, chatId, calls: [call] });
  }
  return runs;
}

/**
 * The call of enqueue_replies (migration 008) as one parameterless statement, sent with the
 * transaction's COMMIT (db/at-commit.ts) to save a round trip per update. Values are inlined: the ids are
 * checked to be integers and the method names words, and every string goes through pg's
 * escapeLiteral, which is safe whatever standard_conforming_strings says.
 */
function replyInsertStatement(batch: ReplyBatch): string {
  if (!Number.isSafeInteger(batch.chatId)) throw new Error('a reply chat id is not an integer');
  if (batch.priority !== REPLY_PRIORITY.known && batch.priority !== REPLY_PRIORITY.stranger) {
    // Urgent rows are written by enqueueUrgentReplies, which returns their ids.
    throw new Error(`unknown reply priority ${batch.priority}`);
  }
  const methods = batch.calls.map((call) => {
    if (!/^[A-Za-z]+$/.test(call.method)) throw new Error(`not a Bot API method: ${call.method}`);
    return escapeLiteral(call.method);
  });
  const payloads = batch.calls.map((call) => escapeLiteral(JSON.stringify(call.payload)));
  const bot = escapeLiteral(batch.botId);
  const { chatId, priority } = batch;
  return `${AT_COMMIT}select enqueue_replies(${bot}, ${chatId}, ${priority}::smallint,
    array[${methods.join(', ')}]::text[], array[${payloads.join(', ')}]::jsonb[])`;
}

/**
 * Stores calls that must go before anything else the bot has queued (a crisis alert): the
 * sender reads them even with its window full, sends them ahead of their chat's queued
 * replies and past its in-flight cap. Unlike enqueueReplies it runs at once and returns the
 * rows' ids, so the caller can record what it sent (crisis_alerts.reply_id): it costs a round
 * trip, which only these rare calls pay.
 */
export async function enqueueUrgentReplies(
  tx: Transaction<Database> | Kysely<Database>,
  batch: Omit<ReplyBatch, 'priority'>,
): Promise<number[]> {
  if (batch.calls.length === 0) return [];
  const rows = await tx
    .insertInto('reply_outbox')
    .values(
      batch.calls.map((call) => ({
        bot_id: batch.botId,
        chat_id: recipientChatId(call, batch.chatId),
        method: call.method,
        payload: JSON.stringify(call.payload),
        priority: REPLY_PRIORITY.urgent,
      })),
    )
    .returning('reply_id')
    .execute();
  signalRepliesWritten(batch.botId);
  return rows.map((row) => row.reply_id);
}

/** Urgent rows the sender reads in one round trip at most, whatever room its window has. */
const URGENT_FETCH_LIMIT = 50;

/** One pending row as the sender reads it. */
export interface StoredReply {
  reply_id: number;
  chat_id: number;
  method: string;
  payload: Record<string, unknown>;
  priority: number;
  attempts: number;
  /** How old the row is by the database's clock, so app and database clocks need not agree. */
  age_ms: number;
}

/**
 * The sender's round trip: deletes the rows it has sent and reads up to `limit` pending
 * rows it does not hold yet, most urgent and oldest first, plus any urgent rows (up to
 * URGENT_FETCH_LIMIT) even when `limit` is 0: a full window must not hold an urgent row
 * back. The read sees the table as it was before the delete, so the deleted ids are among
 * those it skips.
 */
export async function deleteSentAndFetch(
  db: Kysely<Database>,
  options: { botId: string; sent: readonly number[]; skip: readonly number[]; limit: number },
): Promise<StoredReply[]> {
  const { rows } = await sql<StoredReply>`
    with sent as (delete from reply_outbox where reply_id = any(${options.sent}::bigint[]))
    (select reply_id, chat_id, method, payload, priority, attempts,
            (extract(epoch from now() - created_at) * 1000)::float8 as age_ms
     from reply_outbox
     where bot_id = ${options.botId} and status = 'pending' and priority < 0
       and not (reply_id = any(${options.skip}::bigint[]))
     order by priority, reply_id
     limit ${URGENT_FETCH_LIMIT})
    union all
    (select reply_id, chat_id, method, payload, priority, attempts,
            (extract(epoch from now() - created_at) * 1000)::float8 as age_ms
     from reply_outbox
     where bot_id = ${options.botId} and status = 'pending' and priority >= 0
       and not (reply_id = any(${options.skip}::bigint[]))
     order by priority, reply_id
     limit ${options.limit})
  `.execute(db);
  return rows;
}

/** A settled row: its status and reason, and no payload (the text) any more. */
const settled = (status: Exclude<ReplyStatus, 'pending'>, reason: string) => ({
  status,
  last_error: reason,
  payload: null,
  settled_at: sql<Date>`now()`,
});

/** Marks a row failed or expired with its reason, and drops its payload. */
export async function settleReply(
  db: Kysely<Database>,
  replyId: number,
  status: Exclude<ReplyStatus, 'pending'>,
  reason: string,
): Promise<void> {
  await db
    .updateTable('reply_outbox')
    .set(settled(status, reason))
    .where('reply_id', '=', replyId)
    .execute();
}

/** Deletes rows Telegram has taken, outside the sender's round trip. */
export async function deleteSentReplies(
  db: Kysely<Database>,
  replyIds: readonly number[],
): Promise<void> {
  await db.deleteFrom('reply_outbox').where('reply_id', 'in', replyIds).execute();
}

/** Counts a retry, so an operator sees which rows keep failing. */
export async function recordReplyAttempt(
  db: Kysely<Database>,
  replyId: number,
  reason: string,
): Promise<void> {
  await db
    .updateTable('reply_outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: reason }))
    .where('reply_id', '=', replyId)
    .execute();
}

/** Replies of this bot still waiting to be sent: the figure /health shows. */
export async function replyBacklog(db: Kysely<Database>, botId: string): Promise<number> {
  const row = await db
    .selectFrom('reply_outbox')
    .select(sql<number>`count(*)::int`.as('pending'))
    .where('bot_id', '=', botId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return row.pending;
}

/**
 * Marks expired, in the table, this bot's pending rows older than `maxAgeMs` that the
 * sender does not hold: those that waited too long to even be read. Returns how many.
 * Urgent rows (crisis resources and alerts) never expire: late is better than never for
 * them, and an alert not delivered in time is escalated to the admins instead.
 */
export async function expireStaleReplies(
  db: Kysely<Database>,
  options: { botId: string; maxAgeMs: number; skip: readonly number[] },
): Promise<number> {
  const result = await db
    .updateTable('reply_outbox')
    .set(settled('expired', 'older than REPLY_MAX_AGE_SECONDS before its turn came'))
    .where('bot_id', '=', options.botId)
    .where('status', '=', 'pending')
    .where('priority', '<>', REPLY_PRIORITY.urgent)
    .where('created_at', '<', sql<Date>`now() - make_interval(secs => ${options.maxAgeMs / 1_000})`)
    .where(sql<boolean>`not (reply_id = any(${options.skip}::bigint[]))`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Deletes this bot's failed and expired rows older than `keptHours`
 * (RETENTION_SETTLED_REPLY_HOURS, 48 by default: a failure's reason is there to read).
 */
export async function pruneSettledReplies(
  db: Kysely<Database>,
  botId: string,
  keptHours: number,
): Promise<number> {
  const result = await db
    .deleteFrom('reply_outbox')
    .where('bot_id', '=', botId)
    .where('status', '<>', 'pending')
    .where('settled_at', '<', sql<Date>`now() - make_interval(hours => ${keptHours})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
