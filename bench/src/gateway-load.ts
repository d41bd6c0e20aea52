import { join } from 'node:path';
import { startFakeAnthropic } from '@psycheos/ai/testing';
import { type FakeTelegram, startFakeTelegram } from '@psycheos/local-bot-api';
import {
  createTemplateDatabase,
  databaseUrl,
  dropTemplateDatabase,
  REPO_ROOT,
  textMessage,
} from '@psycheos/testkit';
import {
  type BundleEnv,
  SERVICES,
  type ServiceName,
  secretOf,
  startBundles,
  startOwnNats,
} from './bundles';
import { measureCpu } from './cpu';
import { median } from './footprint';
import { type LoadResult, runLoad } from './load';
import { startOnFreePort } from './setups';
import type { Chat } from './workload';

export interface GatewayLoadOptions {
  /** New people, each sending /start once. */
  users: number;
  concurrency: number;
  rounds: number;
}

export const GATEWAY_LOAD_FULL: GatewayLoadOptions = { users: 600, concurrency: 40, rounds: 3 };
export const GATEWAY_LOAD_SMOKE: GatewayLoadOptions = { users: 40, concurrency: 10, rounds: 1 };

export type NewUsersSetup = 'all-via-gateway' | 'pro-via-gateway' | 'pro-direct' | 'reference';

export const NEW_USERS_SETUPS: Record<NewUsersSetup, string> = {
  'all-via-gateway': 'gateway → pro, every service running',
  'pro-via-gateway': 'gateway → pro, nothing else running',
  'pro-direct': 'pro directly, nothing else running',
  reference: 'single-process reference (dedup, lock, reply not durable)',
};

export interface NewUsersRun {
  setup: NewUsersSetup;
  load: LoadResult;
  /** CPU ms per update by process; "idle services" is every service the load does not reach. */
  cpuMsPerUpdate: Record<string, number>;
  /** Each new user got exactly one answer. */
  answeredOnce: boolean;
}

export interface NewUsersSummary {
  setup: NewUsersSetup;
  perSecond: number;
  p99: number;
  cpuMsPerUpdate: Record<string, number>;
  answeredOnce: boolean;
  runs: number[];
}

/**
 * New people sending /start at once (issue 26, point 5): `users` strangers, one /start each,
 * `concurrency` at a time, through the gateway to pro with every service of the platform
 * running as deployed (bundles; the AI tools with their job workers; NATS), then with only
 * the gateway and pro, then pro directly, then the single-process reference
 * (start-reference.ts). Each is warmed with as many other newcomers first, and measured
 * `rounds` times; the medians are reported. The differences say what the extra processes
 * and the gateway hop cost; pro against the reference, what the pipeline with its durable
 * replies costs.
 */
export async function runNewUsersBench(options: GatewayLoadOptions): Promise<NewUsersRun[]> {
  const databaseName = await createTemplateDatabase();
  const telegram = await startFakeTelegram();
  const anthropic = await startFakeAnthropic();
  const nats = await startOwnNats();
  const env: BundleEnv = {
    databaseUrl: databaseUrl(databaseName),
    telegramApiRoot: telegram.apiRoot,
    anthropicUrl: anthropic.url,
    natsUrl: nats.url,
    // As bench/src/setups.ts runs pro: the fake Bot API has no limits to keep to.
    extra: { TELEGRAM_MAX_PER_SECOND: '1000000', TELEGRAM_CHAT_INTERVAL_MS: '0' },
  };
  let nextId = 20_000_000;
  const newcomers = (count: number) => {
    const chats: Chat[] = Array.from({ length: count }, () => {
      const person = { id: nextId, first_name: 'Новичок' };
      nextId += 1;
      return { telegramId: person.id, updates: [textMessage(person, '/start', nextId)] };
    });
    return chats;
  };
  const runs: NewUsersRun[] = [];
  const measure = async (
    setup: NewUsersSetup,
    url: string,
    loaded: Record<string, number>,
    idle: Record<string, number>,
  ) => {
    for (let round = -1; round < options.rounds; round += 1) {
      // The first pass warms up (JIT, connections) with at least a thousand: not counted.
      const chats = newcomers(round < 0 ? Math.max(options.users, 1000) : options.users);
      telegram.reset();
      const cpu = measureCpu({ ...loaded, ...idle, tools: process.pid });
      const load = await runLoad({
        url,
        secret: secretOf('pro'),
        chats,
        concurrency: options.concurrency,
      });
      await settle(telegram, chats.length);
      const used = cpu.stop();
      if (round < 0) continue;
      const idleSeconds = Object.keys(idle).reduce((sum, name) => sum + (used[name] ?? 0), 0);
      const cpuMsPerUpdate: Record<string, number> = {};
      for (const [name, seconds] of Object.entries(used)) {
        if (name in idle) continue;
        cpuMsPerUpdate[name] = (1000 * seconds) / load.updates;
      }
      if (Object.keys(idle).length > 0)
        cpuMsPerUpdate['idle services'] = (1000 * idleSeconds) / load.updates;
      runs.push({ setup, load, cpuMsPerUpdate, answeredOnce: answeredOnce(telegram, chats) });
    }
  };
  try {
    const all = await startBundles(SERVICES, env);
    try {
      const pidOf = (name: ServiceName) => all.services.get(name)?.process.child.pid ?? 0;
      const loaded = { gateway: pidOf('gateway'), pro: pidOf('pro') };
      const idle = Object.fromEntries(
        SERVICES.filter((name) => !(name in loaded)).map((name) => [name, pidOf(name)]),
      );
      idle.nats = nats.child.pid ?? 0;
      const gateway = all.services.get('gateway')?.url ?? '';
      await measure('all-via-gateway', `${gateway}/webhook/pro`, loaded, idle);
    } finally {
      await all.stop();
    }
    const pair = await startBundles(['pro', 'gateway'], {
      ...env,
      natsUrl: undefined,
      anthropicUrl: undefined,
    });
    try {
      const pro = pair.services.get('pro');
      const gateway = pair.services.get('gateway');
      const pids = {
        gateway: gateway?.process.child.pid ?? 0,
        pro: pro?.process.child.pid ?? 0,
      };
      await measure('pro-via-gateway', `${gateway?.url}/webhook/pro`, pids, {});
      await measure('pro-direct', `${pro?.url}/webhook/pro`, { pro: pids.pro }, {});
    } finally {
      await pair.stop();
    }
    const reference = await startOnFreePort(join(REPO_ROOT, 'bench/src/start-reference.ts'), {
      DATABASE_URL: env.databaseUrl,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TG_TOKEN_PRO: '6000001:BENCH-pro',
      TG_WEBHOOK_SECRET_PRO: secretOf('pro'),
    });
    try {
      await measure(
        'reference',
        `${reference.url}/webhook/pro`,
        { reference: reference.process.child.pid ?? 0 },
        {},
      );
    } finally {
      await reference.process.stop();
    }
  } finally {
    await nats.stop();
    await anthropic.stop();
    await telegram.close();
    await dropTemplateDatabase(databaseName);
  }
  return runs;
}

/** The medians of each set-up's runs. */
export function summariseNewUsers(runs: NewUsersRun[]): NewUsersSummary[] {
  return (Object.keys(NEW_USERS_SETUPS) as NewUsersSetup[])
    .map((setup) => {
      const own = runs.filter((run) => run.setup === setup);
      const names = [...new Set(own.flatMap((run) => Object.keys(run.cpuMsPerUpdate)))];
      return {
        setup,
        perSecond: median(own.map((run) => run.load.perSecond)),
        p99: median(own.map((run) => run.load.p99)),
        cpuMsPerUpdate: Object.fromEntries(
          names.map((name) => [name, median(own.map((run) => run.cpuMsPerUpdate[name] ?? 0))]),
        ),
        answeredOnce: own.every((run) => run.answeredOnce),
        runs: own.map((run) => run.load.perSecond),
      };
    })
    .filter((summary) => summary.runs.length > 0);
}

/** Waits until every newcomer's answer reached the Bot API (bounded), and a moment more. */
async function settle(telegram: FakeTelegram, expected: number) {
  const answers = () => telegram.callsTo('sendMessage').length;
  const deadline = Date.now() + 30_000;
  while (answers() < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
}

function answeredOnce(telegram: FakeTelegram, chats: Chat[]): boolean {
  const perChat = new Map<number, number>();
  for (const call of telegram.callsTo('sendMessage')) {
    const chat = Number(call.params.chat_id);
    perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
  }
  return chats.every((chat) => perChat.get(chat.telegramId) === 1);
}
