// npm run bench:profile [-- --concurrency 40 --latency 0 --chats 400 --cpu-prof --node-arg=...]
// The pro service alone under load: updates/s, peak RSS, CPU milliseconds per update for pro
// and for PostgreSQL, and with --cpu-prof the functions that took the most time, by self time.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDatabase } from '@psycheos/shared';
import {
  createTemplateDatabase,
  databaseUrl,
  dropTemplateDatabase,
  freePort,
  REPO_ROOT,
  startFakeTelegram,
} from '@psycheos/shared/testing';
import { measureCpu } from './cpu';
import { runLoad } from './load';
import { sampleRss } from './rss';
import { SECRET, TOKEN } from './setups';
import { makeWorkload } from './workload';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values: args } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '40' },
    latency: { type: 'string', default: '0' },
    chats: { type: 'string', default: '400' },
    'cpu-prof': { type: 'boolean', default: false },
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});
const profileDir = await mkdtemp(join(tmpdir(), 'psycheos-prof-'));
const templateName = await createTemplateDatabase();
const url = databaseUrl(templateName);
const db = createDatabase({ url, max: 2 });
const telegram = await startFakeTelegram();
telegram.setLatency(Number(args.latency));
const port = await freePort();
const pro = spawn(
  process.execPath,
  [
    ...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ...args['node-arg'],
    'services/pro/dist/main.js',
  ],
  {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: url,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TG_TOKEN_PRO: TOKEN,
      TG_WEBHOOK_SECRET_PRO: SECRET,
      TELEGRAM_MAX_PER_SECOND: '1000000',
      TELEGRAM_CHAT_INTERVAL_MS: '0',
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: 'ignore',
  },
);
for (let i = 0; i < 100; i++) {
  if (
    await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const load = async (chats: ReturnType<typeof makeWorkload>) => {
  await db
    .insertInto('users')
    .values(chats.map((chat) => ({ telegram_id: chat.telegramId, role: 'specialist' as const })))
    .execute();
  return runLoad({
    url: `http://127.0.0.1:${port}/webhook/pro`,
    secret: SECRET,
    chats,
    concurrency: Number(args.concurrency),
  });
};
// A warm-up first (JIT, pool, getMe), as in the bench.
await load(makeWorkload(80, 60_000_000, 60_000_000));
const rss = sampleRss({ pro: pro.pid ?? 0 });
const cpu = measureCpu({ pro: pro.pid ?? 0 });
const callsBefore = telegram.calls.length;
const result = await load(makeWorkload(Number(args.chats), 70_000_000, 70_000_000));
console.log(
  `Bot API calls made by the end of the load: ${telegram.calls.length - callsBefore} of ${(result.updates * 7) / 5}`,
);
const cpuSeconds = cpu.stop();
const perUpdate = (seconds = 0) => ((1000 * seconds) / result.updates).toFixed(2);
console.log(
  `${result.updates} updates, ${result.perSecond.toFixed(0)} updates/s, p99 ${result.p99.toFixed(1)} ms, ` +
    `peak RSS ${rss.stop().pro?.toFixed(0)} MB, CPU ms per update: pro ${perUpdate(cpuSeconds.pro)}, ` +
    `postgres ${perUpdate(cpuSeconds.postgres)}`,
);
pro.kill('SIGTERM');
await new Promise((resolve) => pro.once('exit', resolve));
await telegram.close();
await db.destroy();
await dropTemplateDatabase(templateName);

const [file] = (await readdir(profileDir)).filter((name) => name.endsWith('.cpuprofile'));
if (!file) process.exit(0);
const profile = JSON.parse(await readFile(join(profileDir, file), 'utf8')) as Profile;
const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
const selfTime = new Map<string, number>();
profile.samples.forEach((id, index) => {
  const node = byNode.get(id);
  if (!node) return;
  const { functionName, url: source, lineNumber } = node.callFrame;
  const where = source.replace(/^.*node_modules\//, '').replace(REPO_ROOT, '');
  const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  selfTime.set(key, (selfTime.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
const total = [...selfTime.values()].reduce((sum, value) => sum + value, 0);
console.log(`profile: ${join(profileDir, file)}`);
for (const [key, micros] of [...selfTime].sort((x, y) => y[1] - x[1]).slice(0, 25)) {
  console.log(`${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}`);
}
