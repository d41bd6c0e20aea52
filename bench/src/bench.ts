import { createDatabase, isTransientDatabaseError } from '@psycheos/db';
import { type FakeTelegram, startFakeTelegram } from '@psycheos/local-bot-api';
import { createTemplateDatabase, databaseUrl, dropTemplateDatabase } from '@psycheos/testkit';
import { sql } from 'kysely';
import { measureCpu } from './cpu';
import { type LoadResult, runLoad } from './load';
import { sampleRss } from './rss';
import { SECRET, type Setup, type SetupKey, startSetups } from './setups';
import { type Chat, makeWorkload, registerSpecialists, STEPS_PER_CHAT } from './workload';

export interface RunResult {
  setup: SetupKey;
  setupName: string;
  latencyMs: number;
  concurrency: number;
  load: LoadResult;
  replay: LoadResult | null;
  rssMb: Record<string, number>;
  /** CPU milliseconds per update, by process, PostgreSQL's backends together as "postgres". */
  cpuMsPerUpdate: Record<string, number>;
  /** Every update recorded in telegram_update_dedup (a, b, c). */
  allRecorded: boolean | null;
  /** Each chat got exactly the replies its updates call for: nothing lost, nothing doubled. */
  answeredOnce: boolean | null;
  /** The replay was answered 200 and caused no Telegram call. */
  replayIgnored: boolean | null;
}

export interface BenchOptions {
  concurrencies: number[];
  latencies: number[];
  /** Chats per run at a given concurrency; each chat sends five updates. */
  chatsFor: (concurrency: number) => number;
  log: (line: string) => void;
}

export const FULL: Omit<BenchOptions, 'log'> = {
  concurrencies: [1, 40, 100],
  latencies: [0, 50],
  // 3,000 updates a run above concurrency 1: shorter runs moved by a fifth from run to run.
  chatsFor: (concurrency) => (concurrency === 1 ? 100 : 600),
};

export const SMOKE: Omit<BenchOptions, 'log'> = {
  concurrencies: [1, 10],
  latencies: [0],
  chatsFor: () => 12,
};

export async function runBench(options: BenchOptions): Promise<RunResult[]> {
  // A database of its own: the bench truncates freely.
  const databaseName = await createTemplateDatabase();
  const url = databaseUrl(databaseName);
  const db = createDatabase({ url, max: 4 });
  const telegram = await startFakeTelegram();
  const { setups, stop } = await startSetups({
    databaseUrl: url,
    telegramApiRoot: telegram.apiRoot,
  });
  const results: RunResult[] = [];
  const warmUp = async (setup: Setup, concurrency: number, latencyMs: number) => {
    await truncateAll(db);
    // At least a thousand updates: after half a minute idle (the slowest run) a shorter
    // warm-up left pro and the gateway a third dearer per update in the run that followed.
    const chats = makeWorkload(Math.max(concurrency * 2, 200), 9_000_000, 900_000_000);
    await registerSpecialists(db, chats);
    telegram.reset();
    telegram.setLatency(latencyMs);
    await runLoad({ url: setup.url, secret: SECRET, chats, concurrency });
    // Its replies go out after the webhooks were answered; none may spill into a measured run.
    await settle(() => sentCalls(telegram), chats.length * setup.callsPerChat);
    // And a pause, so the collection of the warm-up's garbage is not billed to the run.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  };
  let nextTelegramId = 10_000_000;
  let nextUpdateId = 1;
  try {
    for (const latencyMs of options.latencies) {
      for (const concurrency of options.concurrencies) {
        for (const setup of setups) {
          // Before each run, at its concurrency and Bot API latency: JIT, getMe, and every
          // connection the run needs open. A set-up left idle while another ran (the slowest
          // run takes half a minute) has had idle connections closed (to PostgreSQL, with their
          // prepared statements, and to the Bot API), and a slower Bot API needs more of them
          // open at once. Opening them is not what a run should measure.
          await warmUp(setup, concurrency, latencyMs);
          await truncateAll(db);
          const chats = makeWorkload(options.chatsFor(concurrency), nextTelegramId, nextUpdateId);
          nextTelegramId += chats.length;
          nextUpdateId += chats.length * STEPS_PER_CHAT;
          await registerSpecialists(db, chats);
          telegram.reset();
          telegram.setLatency(latencyMs);

          const pids = Object.fromEntries(
            Object.entries(setup.processes).map(([name, running]) => [
              name,
              running.child.pid ?? 0,
            ]),
          );
          const rss = sampleRss(pids);
          // This process is the load generator and the fake Bot API: its share is measured too.
          const cpu = measureCpu({ ...pids, tools: process.pid });
          const load = await runLoad({ url: setup.url, secret: SECRET, chats, concurrency });
          const rssMb = rss.stop();
          // Replies leave after the webhook is answered: let the last ones arrive before counting.
          await settle(() => sentCalls(telegram), chats.length * setup.callsPerChat);
          // Measured after the replies left: sending them is part of an update's cost.
          const cpuMsPerUpdate = Object.fromEntries(
            Object.entries(cpu.stop()).map(([name, seconds]) => [
              name,
              (1000 * seconds) / load.updates,
            ]),
          );
          const answeredOnce =
            setup.callsPerChat === 0
              ? null
              : eachChatAnswered(telegram.calls, chats, setup.callsPerChat);
          const dedupes = setup.key !== 'd';
          const allRecorded = dedupes ? await allUpdatesRecorded(db, chats) : null;
          let replay: LoadResult | null = null;
          let replayIgnored: boolean | null = null;
          if (dedupes) {
            // The link watch's getMe probes go on meanwhile; they answer nobody.
            const answers = () => telegram.calls.filter((call) => call.method !== 'getMe').length;
            const callsBefore = answers();
            replay = await runLoad({ url: setup.url, secret: SECRET, chats, concurrency });
            await settle(answers, callsBefore);
            replayIgnored = replay.statuses[200] === replay.updates && answers() === callsBefore;
          }
          const result: RunResult = {
            setup: setup.key,
            setupName: setup.name,
            latencyMs,
            concurrency,
            load,
            replay,
            rssMb,
            cpuMsPerUpdate,
            allRecorded,
            answeredOnce,
            replayIgnored,
          };
          results.push(result);
          options.log(
            `${setup.key} ${setup.name.padEnd(28)} latency ${String(latencyMs).padStart(2)} ms  c=${String(concurrency).padStart(3)}  ${load.perSecond.toFixed(0).padStart(5)} upd/s  p99 ${load.p99.toFixed(1)} ms  cpu ${formatCpu(cpuMsPerUpdate)}  ok=${[allRecorded, answeredOnce, replayIgnored].join('/')}`,
          );
        }
      }
    }
  } finally {
    await stop();
    await telegram.close();
    await db.destroy();
    await dropTemplateDatabase(databaseName);
  }
  return results;
}

/**
 * Empties what a run writes, so each run starts from the same tables. Every set-up stays
 * running meanwhile, and their reply senders and outbox relays lock these tables in their own
 * order, so PostgreSQL may pick the TRUNCATE as a deadlock's victim: it is retried then.
 */
async function truncateAll(db: ReturnType<typeof createDatabase>) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await sql`truncate users, contexts, bot_chat_state, telegram_update_dedup, event_outbox, reply_outbox cascade`.execute(
        db,
      );
      break;
    } catch (error) {
      if (attempt >= TRUNCATE_ATTEMPTS || !isTransientDatabaseError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
  await sql`delete from grammy_sessions`.execute(db).catch(() => undefined);
}

const TRUNCATE_ATTEMPTS = 5;

/** Bot API calls made for updates (getMe is the bots' own start-up). */
const sentCalls = (telegram: FakeTelegram) =>
  telegram.calls.filter((call) => call.method !== 'getMe').length;

/** Waits (bounded) until `count()` reaches `target` and stays put for a moment. */
async function settle(count: () => number, target: number, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (count() < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  let last = -1;
  while (count() !== last && Date.now() < deadline) {
    last = count();
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function allUpdatesRecorded(db: ReturnType<typeof createDatabase>, chats: Chat[]) {
  const ids = chats.flatMap((chat) => chat.updates.map((update) => update.update_id));
  const row = await db
    .selectFrom('telegram_update_dedup')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('update_id', 'in', ids)
    .executeTakeFirstOrThrow();
  return row.n === ids.length;
}

function eachChatAnswered(
  calls: { method: string; params: Record<string, unknown> }[],
  chats: Chat[],
  expected: number,
): boolean {
  // answerCallbackQuery names the query ("cbq-<update_id>" in the workload), not the chat.
  const chatOfUpdate = new Map<number, number>();
  for (const chat of chats)
    for (const update of chat.updates) chatOfUpdate.set(update.update_id, chat.telegramId);
  const perChat = new Map<number, number>();
  for (const call of calls) {
    if (call.method === 'getMe') continue;
    const queryId = call.params.callback_query_id;
    const chatId =
      typeof queryId === 'string'
        ? chatOfUpdate.get(Number(queryId.replace('cbq-', '')))
        : Number(call.params.chat_id);
    if (chatId !== undefined) perChat.set(chatId, (perChat.get(chatId) ?? 0) + 1);
  }
  const wrong = chats.filter((chat) => perChat.get(chat.telegramId) !== expected);
  if (wrong.length > 0) {
    console.warn(
      `bench: ${wrong.length} chats got other than ${expected} calls, e.g. ${wrong
        .slice(0, 3)
        .map((chat) => `${chat.telegramId}: ${perChat.get(chat.telegramId) ?? 0}`)
        .join(', ')}`,
    );
  }
  return wrong.length === 0;
}

export const formatCpu = (cpuMs: Record<string, number>) =>
  Object.entries(cpuMs)
    .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
    .join(', ');
