// npm run bench:profile [-- --concurrency 40 --latency 0 --chats 400 --via-gateway --cpu-prof
//                          --node-arg=<flag for the profiled service>]
// One service under load, alone: pro, or with --via-gateway the gateway in front of pro.
// Prints updates/s, peak RSS, CPU milliseconds per update of each process and of PostgreSQL,
// and with --cpu-prof the profiled service's functions that took the most time (self time).
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDatabase } from '@psycheos/db';
import { startFakeTelegram } from '@psycheos/local-bot-api';
import {
  createTemplateDatabase,
  databaseUrl,
  dropTemplateDatabase,
  REPO_ROOT,
  type RunningProcess,
} from '@psycheos/testkit';
import { formatCpu } from './bench';
import { measureCpu } from './cpu';
import { runLoad } from './load';
import { sampleRss } from './rss';
import { proEnv, SECRET, startOnFreePort } from './setups';
import { makeWorkload, registerSpecialists } from './workload';

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
    'via-gateway': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});
const profileDir = await mkdtemp(join(tmpdir(), 'psycheos-prof-'));
const profiled = [
  ...(args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
  ...args['node-arg'],
];
const templateName = await createTemplateDatabase();
const url = databaseUrl(templateName);
const db = createDatabase({ url, max: 2 });
const telegram = await startFakeTelegram();
telegram.setLatency(Number(args.latency));

const viaGateway = args['via-gateway'];
const pro = await startOnFreePort(
  'services/pro/dist/main.js',
  proEnv({ databaseUrl: url, telegramApiRoot: telegram.apiRoot }),
  viaGateway ? [] : profiled,
);
const processes: Record<string, RunningProcess> = { pro: pro.process };
let entry = pro.url;
if (viaGateway) {
  const gateway = await startOnFreePort(
    'services/gateway/dist/main.js',
    { TG_WEBHOOK_SECRET_PRO: SECRET, SERVICE_URL_PRO: pro.url },
    profiled,
  );
  processes.gateway = gateway.process;
  entry = gateway.url;
}
const pids = Object.fromEntries(
  Object.entries(processes).map(([name, running]) => [name, running.child.pid ?? 0]),
);

const load = async (chats: ReturnType<typeof makeWorkload>) => {
  await registerSpecialists(db, chats);
  return runLoad({
    url: `${entry}/webhook/pro`,
    secret: SECRET,
    chats,
    concurrency: Number(args.concurrency),
  });
};
// A warm-up first (JIT, pool, getMe), as long as a measured run: with a few hundred updates
// of warm-up, JIT compiling still added a third to pro's CPU per update.
await load(makeWorkload(600, 60_000_000, 60_000_000));
const rss = sampleRss(pids);
const cpu = measureCpu({ ...pids, tools: process.pid });
const callsBefore = telegram.calls.length;
const result = await load(makeWorkload(Number(args.chats), 70_000_000, 70_000_000));
const callsByTheEnd = telegram.calls.length - callsBefore;
const perUpdate = Object.fromEntries(
  Object.entries(cpu.stop()).map(([name, seconds]) => [name, (1000 * seconds) / result.updates]),
);
const peaks = Object.entries(rss.stop()).map(([name, mb]) => `${name} ${mb.toFixed(0)}`);
console.log(
  `${result.updates} updates, ${result.perSecond.toFixed(0)} updates/s, p99 ${result.p99.toFixed(1)} ms; ` +
    `Bot API calls made by the end of the load: ${callsByTheEnd} of ${(result.updates * 7) / 5}`,
);
console.log(`peak RSS MB: ${peaks.join(', ')}; CPU ms per update: ${formatCpu(perUpdate)}`);
for (const running of Object.values(processes).reverse()) await running.stop();
await telegram.close();
await db.destroy();
await dropTemplateDatabase(templateName);

const [file] = (await readdir(profileDir)).filter((name) => name.endsWith('.cpuprofile'));
if (file) {
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
}
