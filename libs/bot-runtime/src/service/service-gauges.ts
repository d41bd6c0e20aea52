import type { Database } from '@psycheos/db';
import type { NatsLink } from '@psycheos/events';
import { type BotId, isAiToolBot } from '@psycheos/platform';
import { type Kysely, sql } from 'kysely';
import { Gauge, type Registry } from 'prom-client';
import type { TelegramLink } from '../telegram/telegram-status';
import { type Backlogs, readBacklogs, withTimeout } from './service-health';

/** A scrape reads the database at most this long; a gauge it could not read is left out. */
const READ_TIMEOUT_MS = 1_000;
/** The gauges of one scrape share one read; a second scrape within this time reuses it. */
const READ_REUSE_MS = 1_000;

export interface ServiceGaugeDeps {
  botId: BotId;
  db: Kysely<Database>;
  nats: NatsLink | null;
  telegramLink: () => TelegramLink;
}

/**
 * What /health knows, as gauges an alert rule can compare: the reply backlog and its oldest
 * row's age, the event outbox likewise, parked events, whether NATS and Telegram are
 * reachable, and for an AI tool its job queue. Read when /metrics is scraped (never on a
 * timer), with the same bounded counts /health uses; when the database does not answer in
 * time the database gauges are left out of that scrape rather than reported as 0, so an
 * alert on "backlog > N" does not clear itself during an outage.
 */
export function registerServiceGauges(registry: Registry, deps: ServiceGaugeDeps): void {
  const backlogs = reusedFor(READ_REUSE_MS, () =>
    timeBound(
      readBacklogs(deps.db, deps.botId).then((read) => (typeof read === 'object' ? read : null)),
    ),
  );
  const fromBacklogs = (name: string, help: string, pick: (read: Backlogs) => number | null) =>
    gauge(registry, name, help, async () => {
      const read = await backlogs();
      return read ? (pick(read) ?? 0) : null;
    });
  fromBacklogs(
    'psycheos_reply_backlog',
    'Replies waiting to be sent (counted up to 10 000)',
    (read) => read.replies,
  );
  fromBacklogs(
    'psycheos_reply_backlog_oldest_seconds',
    'Age of the oldest reply waiting to be sent; 0 when none waits',
    (read) => read.replies_oldest_seconds,
  );
  fromBacklogs(
    'psycheos_event_outbox_backlog',
    'Events not yet published to NATS (counted up to 10 000)',
    (read) => read.outbox,
  );
  fromBacklogs(
    'psycheos_event_outbox_oldest_seconds',
    'Age of the oldest event not yet published to NATS; 0 when none waits',
    (read) => read.outbox_oldest_seconds,
  );
  fromBacklogs(
    'psycheos_parked_events',
    "Events this bot's consumers parked",
    (read) => read.parked,
  );

  const { nats } = deps;
  if (nats) {
    gauge(
      registry,
      'psycheos_nats_connected',
      '1 while the link to NATS is up, else 0',
      async () => (nats.connected ? 1 : 0),
    );
  }
  gauge(
    registry,
    'psycheos_telegram_link_up',
    '1 while the Bot API answers and accepts the token, 0 when it is refused or unreachable (and while first checking)',
    async () => (deps.telegramLink().state === 'ok' ? 1 : 0),
  );

  if (isAiToolBot(deps.botId)) {
    const aiJobs = reusedFor(READ_REUSE_MS, () => timeBound(readAiJobQueue(deps.db, deps.botId)));
    gauge(registry, 'psycheos_ai_jobs_in_progress', 'AI jobs queued or running', async () => {
      return (await aiJobs())?.depth ?? null;
    });
    gauge(
      registry,
      'psycheos_ai_jobs_oldest_seconds',
      'Age of the oldest AI job still queued or running; 0 when none is',
      async () => {
        const read = await aiJobs();
        return read ? (read.oldest_seconds ?? 0) : null;
      },
    );
  }
}

/** A gauge whose value is read at scrape time; null leaves it out of that scrape. */
function gauge(
  registry: Registry,
  name: string,
  help: string,
  read: () => Promise<number | null>,
): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      const value = await read();
      if (value === null) this.reset();
      else this.set(value);
    },
  });
}

/**
 * The AI tool's jobs still queued or running (ai_jobs mirrors its graphile-worker jobs, and
 * its partial index on these statuses makes this one step per job in progress).
 */
async function readAiJobQueue(db: Kysely<Database>, botId: BotId) {
  const { rows } = await sql<{ depth: number; oldest_seconds: number | null }>`
    select count(*)::int as depth,
           floor(extract(epoch from now() - min(created_at)))::int as oldest_seconds
    from ai_jobs where bot_id = ${botId} and status in ('queued', 'running')
  `.execute(db);
  return rows[0] ?? null;
}

/** The work's result, or null when it failed or took longer than READ_TIMEOUT_MS. */
async function timeBound<T>(work: Promise<T | null>): Promise<T | null> {
  const read = await withTimeout(
    work.catch(() => null),
    READ_TIMEOUT_MS,
  );
  return read === 'down' ? null : read;
}

/** One read shared by every call within `ms`: a scrape collects several gauges at once. */
function reusedFor<T>(ms: number, read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; result: Promise<T> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > ms) last = { at: Date.now(), result: read() };
    return last.result;
  };
}
