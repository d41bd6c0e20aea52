import { join } from 'node:path';
import { freePort, REPO_ROOT, type RunningProcess, startServiceProcess } from '@psycheos/testkit';
import { BENCH_TERMS_ENV, CALLS_PER_CHAT } from './workload';

export type SetupKey = 'a' | 'b' | 'c' | 'd';

export interface Setup {
  key: SetupKey;
  name: string;
  url: string;
  /** The processes whose memory is sampled. */
  processes: Record<string, RunningProcess>;
  /** Telegram calls each chat's five updates cause (0: the floor calls no one). */
  callsPerChat: number;
}

export const SECRET = 'bench-webhook-secret-0123456789abcdef';

/** Our services run as their image runs them: with infra/Dockerfile's heap cap. */
export const DEPLOYED_NODE_OPTIONS = '--max-old-space-size=96';
export const TOKEN = '4000004:BENCH-token';

/** What the pro service runs with in every bench set-up. */
export function proEnv(env: { databaseUrl: string; telegramApiRoot: string }) {
  return {
    DATABASE_URL: env.databaseUrl,
    TELEGRAM_API_ROOT: env.telegramApiRoot,
    TG_TOKEN_PRO: TOKEN,
    TG_WEBHOOK_SECRET_PRO: SECRET,
    // The spec's pool: 5 + 5 connections per process.
    DB_POOL_SIZE: '5',
    DB_MAX_OVERFLOW: '5',
    // The fake Bot API has no rate limits; the outgoing throttle would only measure itself.
    TELEGRAM_MAX_PER_SECOND: '1000000',
    TELEGRAM_CHAT_INTERVAL_MS: '0',
    ...BENCH_TERMS_ENV,
  };
}

/**
 * Starts one process on a free loopback port and waits for its /health. A bundle (.js) is
 * one of our services and runs as deployed: plain node, with the image's heap cap.
 */
export async function startOnFreePort(
  entry: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<{ process: RunningProcess; url: string }> {
  const port = await freePort();
  const built = entry.endsWith('.js');
  const process = await startServiceProcess({
    entry,
    built,
    nodeArgs,
    env: {
      ...(built && { NODE_OPTIONS: DEPLOYED_NODE_OPTIONS }),
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    healthUrl: `http://127.0.0.1:${port}/health`,
  });
  return { process, url: `http://127.0.0.1:${port}` };
}

/** Starts every set-up as separate processes, as they run in production. */
export async function startSetups(env: { databaseUrl: string; telegramApiRoot: string }) {
  const common = proEnv(env);
  const start = (entry: string, extra: Record<string, string> = {}) =>
    startOnFreePort(entry, { ...common, ...extra });
  const pro = await start('services/pro/dist/main.js');
  const gateway = await start('services/gateway/dist/main.js', { SERVICE_URL_PRO: pro.url });
  const floor = await start(join(REPO_ROOT, 'bench/src/floor-server.ts'));
  const grammy = await start(join(REPO_ROOT, 'bench/src/grammy-alternative.ts'));

  const setups: Setup[] = [
    {
      key: 'a',
      name: 'gateway → pro',
      url: `${gateway.url}/webhook/pro`,
      processes: { gateway: gateway.process, pro: pro.process },
      callsPerChat: CALLS_PER_CHAT,
    },
    {
      key: 'b',
      name: 'pro directly',
      url: `${pro.url}/webhook/pro`,
      processes: { pro: pro.process },
      callsPerChat: CALLS_PER_CHAT,
    },
    {
      key: 'c',
      name: 'SQL floor',
      url: `${floor.url}/webhook/pro`,
      processes: { floor: floor.process },
      callsPerChat: 0,
    },
    {
      key: 'd',
      name: 'plain grammY + storage-psql',
      url: `${grammy.url}/webhook/pro`,
      processes: { grammy: grammy.process },
      callsPerChat: CALLS_PER_CHAT,
    },
  ];
  const stop = async () => {
    for (const running of [gateway, pro, floor, grammy]) await running.process.stop('SIGTERM');
  };
  return { setups, stop };
}
