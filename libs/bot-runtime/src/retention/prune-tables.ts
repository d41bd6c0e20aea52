import type { Database } from '@psycheos/db';
import type { BotId } from '@psycheos/platform';
import { type Kysely, sql } from 'kysely';
import { pruneDedup } from '../pipeline/dedup-retention';
import { DEFAULT_RETENTION, type RetentionPeriods } from './retention-periods';

/** Rows deleted per statement, so a large backlog never holds locks for long. */
const BATCH = 2_000;

/**
 * Deletes `select`'s rows in batches until none are left. `select` names rows by a
 * key column and skips locked ones, so replicas pruning at the same moment do not queue.
 */
async function inBatches(run: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await run();
    total += deleted;
    if (deleted < BATCH) return total;
  }
}

/**
 * bot_chat_state rows of this bot that hold nothing worth keeping: no state and no case
 * once the chat has been quiet for a day (or the stranger interval, if longer, so a
 * stranger is not answered sooner than promised), and every row of a person with no
 * account once quiet for a month. A chat that writes again gets a fresh row.
 */
export async function pruneChatStates(
  db: Kysely<Database>,
  botId: BotId,
  strangerIntervalMinutes: number,
  periods: RetentionPeriods = DEFAULT_RETENTION,
): Promise<number> {
  const countersMinutes = Math.max(periods.chatCountersHours * 60, strangerIntervalMinutes);
  return inBatches(async () => {
    const result = await sql`
      delete from bot_chat_state
      where bot_id = ${botId} and chat_id in (
        select chat_id from bot_chat_state s
        where s.bot_id = ${botId}
          and greatest(s.updated_at, s.rate_window_start, s.stranger_answered_at)
              < now() - make_interval(mins => ${countersMinutes})
          and (
            (s.state is null and s.context_id is null)
            or (
              greatest(s.updated_at, s.rate_window_start, s.stranger_answered_at)
                < now() - make_interval(days => ${periods.accountlessChatDays})
              and not exists (select 1 from users u where u.telegram_id = s.telegram_user_id)
            )
          )
        limit ${BATCH}
        for update skip locked
      )
    `.execute(db);
    return Number(result.numAffectedRows ?? 0);
  });
}

/** Launch links of this bot that expired longer ago than their retention (a month). */
export async function pruneLaunchTokens(
  db: Kysely<Database>,
  botId: BotId,
  periods: RetentionPeriods = DEFAULT_RETENTION,
): Promise<number> {
  return inBatches(async () => {
    const result = await sql`
      delete from launch_tokens where token in (
        select token from launch_tokens
        where bot_id = ${botId}
          and expires_at < now() - make_interval(days => ${periods.launchTokenDays})
        limit ${BATCH}
        for update skip locked
      )
    `.execute(db);
    return Number(result.numAffectedRows ?? 0);
  });
}

/**
 * Published outbox events and handled inbox rows older than JetStream keeps events. An
 * event not yet published is never pruned: it is the backlog.
 */
export async function pruneEvents(
  db: Kysely<Database>,
  periods: RetentionPeriods = DEFAULT_RETENTION,
): Promise<number> {
  const outbox = await inBatches(async () => {
    const result = await sql`
      delete from event_outbox where event_id in (
        select event_id from event_outbox
        where published_at < now() - make_interval(days => ${periods.eventDays})
        limit ${BATCH}
        for update skip locked
      )
    `.execute(db);
    return Number(result.numAffectedRows ?? 0);
  });
  const inbox = await inBatches(async () => {
    const result = await sql`
      delete from event_inbox where (consumer, event_id) in (
        select consumer, event_id from event_inbox
        where handled_at < now() - make_interval(days => ${periods.eventDays})
        limit ${BATCH}
        for update skip locked
      )
    `.execute(db);
    return Number(result.numAffectedRows ?? 0);
  });
  return outbox + inbox;
}

/** Every prune a bot service runs, by table. */
export async function pruneTables(
  db: Kysely<Database>,
  botId: BotId,
  strangerIntervalMinutes: number,
  periods: RetentionPeriods = DEFAULT_RETENTION,
): Promise<Record<string, number>> {
  return {
    telegram_update_dedup: await pruneDedup(db, botId, periods.updateDedupHours),
    bot_chat_state: await pruneChatStates(db, botId, strangerIntervalMinutes, periods),
    launch_tokens: await pruneLaunchTokens(db, botId, periods),
    events: await pruneEvents(db, periods),
  };
}
