import type { Database } from '@psycheos/db';
import { type Launcher, type NatsLink, parkedEventsProblem } from '@psycheos/events';
import type { HealthCount } from '@psycheos/platform';
import { type BotId, VERSION } from '@psycheos/platform';
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { TelegramLink } from '../telegram/telegram-status';
import type { WriteRefusal } from './database-write-refusals';

/** A hung database must not hang /health: the whole check gets this long. */
const CHECK_TIMEOUT_MS = 1_000;
/** Each count may run this long in PostgreSQL before it is cancelled there. */
const COUNT_STATEMENT_TIMEOUT_MS = 300;
/**
 * Backlogs are counted up to this many rows. A NATS outage can leave hundreds of
 * thousands of outbox rows; counting them all on every /health is what slowed webhooks
 * from 0.13 s to 15.6 s under 100 concurrent /health requests (issue 14).
 */
export const BACKLOG_COUNT_LIMIT = 10_000;
/** Concurrent and back-to-back requests within this time share one check. */
const CACHE_MS = 1_000;

export interface ServiceHealthDeps {
  botId: BotId;
  db: Kysely<Database>;
  nats: NatsLink | null;
  telegramLink: () => TelegramLink;
  isReplySender: () => boolean;
  /** A refusal of PostgreSQL's that writes met lately (disk full), or null (database-write-refusals.ts). */
  writeRefusal?: () => WriteRefusal | null;
  /** The bot's own counts (health-count.ts). */
  counts?: readonly HealthCount[];
  /** How the process was started: the parked-events problem names the commands that fit. */
  launcher?: Launcher;
}

/** The backlogs, each counted up to BACKLOG_COUNT_LIMIT; the ages in whole seconds, null when empty. */
export interface Backlogs {
  outbox: number;
  outbox_oldest_seconds: number | null;
  replies: number;
  replies_oldest_seconds: number | null;
  parked: number;
}

/**
 * GET /health of a bot service. 503 only when the database is gone (the service can do
 * nothing); "degraded", with the reasons in `problems`, when it serves but something it
 * needs is missing (Telegram refuses its token or cannot be reached, NATS is down) or an
 * operator must act (its consumers parked events).
 *
 * It is reachable by anyone who reaches the service, so it is cheap by construction: one
 * check at a time, shared by every request within a second, each count bounded and cut off
 * by a statement timeout.
 */
export function registerServiceHealth(app: FastifyInstance, deps: ServiceHealthDeps): void {
  let cached: { at: number; body: Promise<HealthReport> } | undefined;
  app.get('/health', async (_request, reply) => {
    if (!cached || Date.now() - cached.at > CACHE_MS) {
      cached = { at: Date.now(), body: checkHealth(deps) };
    }
    const report = await cached.body;
    return reply.code(report.database === 'up' ? 200 : 503).send(report);
  });
}

type HealthReport = Awaited<ReturnType<typeof checkHealth>>;

async function checkHealth(deps: ServiceHealthDeps) {
  const counts = await withTimeout(readBacklogs(deps.db, deps.botId), CHECK_TIMEOUT_MS);
  const database = counts === 'down' ? ('down' as const) : ('up' as const);
  const nats = deps.nats
    ? deps.nats.connected
      ? 'connected'
      : 'disconnected'
    : ('not_configured' as const);
  const telegram = deps.telegramLink();
  const problems: string[] = [];
  if (database === 'down') problems.push('the database does not answer');
  const writeRefusal = deps.writeRefusal?.() ?? null;
  if (writeRefusal) {
    problems.push(
      `the database refuses writes (${WRITE_REFUSAL_WORDS[writeRefusal]}); updates are answered 503 and Telegram retries them (docs/OPERATIONS.md, A full disk)`,
    );
  }
  if (telegram.state === 'token_refused') {
    problems.push(`Telegram refuses the bot token (${telegram.reason})`);
  }
  if (telegram.state === 'unreachable') {
    problems.push(`the Bot API cannot be reached (${telegram.reason})`);
  }
  if (nats === 'disconnected') problems.push('NATS is disconnected; events wait in the outbox');
  const known = typeof counts === 'object' && counts !== null ? counts : undefined;
  if (known && known.parked > 0) {
    problems.push(parkedEventsProblem(known.parked, deps.launcher ?? 'image', deps.botId));
  }
  const own: Record<string, number | null> = {};
  for (const healthCount of deps.counts ?? []) {
    const count = await withTimeout(
      healthCount.count().catch(() => null),
      CHECK_TIMEOUT_MS,
    );
    own[healthCount.name] = typeof count === 'number' ? count : null;
    if (typeof count === 'number' && count > 0) problems.push(healthCount.problem(count));
  }
  return {
    status: problems.length === 0 ? ('ok' as const) : ('degraded' as const),
    version: VERSION,
    bot: deps.botId,
    problems,
    database,
    // What the gateway's /health/page pages on: the database answers, but takes no writes.
    database_refuses_writes: writeRefusal,
    telegram: telegram.state,
    nats,
    outbox_backlog: known?.outbox ?? null,
    reply_backlog: known?.replies ?? null,
    // What the gateway's /health/page compares with PAGE_BACKLOG_MINUTES.
    outbox_backlog_oldest_seconds: known?.outbox_oldest_seconds ?? null,
    reply_backlog_oldest_seconds: known?.replies_oldest_seconds ?? null,
    parked_events: known?.parked ?? null,
    reply_sender: deps.isReplySender() ? ('active' as const) : ('standby' as const),
    ...own,
  };
}

const WRITE_REFUSAL_WORDS: Record<WriteRefusal, string> = {
  disk_full: 'its disk is full',
  out_of_memory: 'it is out of memory',
};

/**
 * The backlogs in one transaction whose statements PostgreSQL cancels after
 * COUNT_STATEMENT_TIMEOUT_MS; /health and the gauges (service-gauges.ts) read the same.
 * Returns null when the counts were cut off (the database answers, it is only busy) and
 * 'down' when the database cannot be reached.
 */
export async function readBacklogs(
  db: Kysely<Database>,
  botId: BotId,
): Promise<Backlogs | null | 'down'> {
  try {
    return await db.transaction().execute(async (tx) => {
      await sql`select set_config('statement_timeout', ${String(COUNT_STATEMENT_TIMEOUT_MS)}, true)`.execute(
        tx,
      );
      const { rows } = await sql<Backlogs>`
        select
          (select count(*) from (select 1 from event_outbox where published_at is null
             limit ${BACKLOG_COUNT_LIMIT}) as pending)::int as outbox,
          (select floor(extract(epoch from now() - min(created_at))) from event_outbox
             where published_at is null)::int as outbox_oldest_seconds,
          (select count(*) from (select 1 from reply_outbox where bot_id = ${botId}
             and status = 'pending' limit ${BACKLOG_COUNT_LIMIT}) as pending)::int as replies,
          (select floor(extract(epoch from now() - min(created_at))) from reply_outbox
             where reply_id in (${oldestPendingReplyIds(botId)}))::int as replies_oldest_seconds,
          (select count(*) from (select 1 from parked_events where consumer like ${`${botId}-%`}
             limit ${BACKLOG_COUNT_LIMIT}) as parked)::int as parked
      `.execute(tx);
      return rows[0] ?? null;
    });
  } catch (error) {
    // 57014: the statement timeout fired, so the database is there but slow to count.
    return (error as { code?: string }).code === '57014' ? null : 'down';
  }
}

/**
 * The oldest pending reply of each priority (urgent, known, stranger): each one step down
 * the pending index, where a min(created_at) over a large backlog would scan it all.
 */
function oldestPendingReplyIds(botId: BotId) {
  return sql`
    select (select min(reply_id) from reply_outbox
              where bot_id = ${botId} and status = 'pending' and priority = level)
    from unnest(array[-1, 0, 1]) as level`;
}

/** The work's result, or 'down' when it took longer than `ms` (the gauges read through it too). */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'down'>((resolve) => {
    timer = setTimeout(() => resolve('down'), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
