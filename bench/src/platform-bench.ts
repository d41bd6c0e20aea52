import {
  type FootprintOptions,
  measureFootprint,
  median,
  type ServiceFootprint,
} from './footprint';
import {
  type GatewayLoadOptions,
  NEW_USERS_SETUPS,
  type NewUsersSummary,
  runNewUsersBench,
  summariseNewUsers,
} from './gateway-load';
import {
  type IdlePlatformOptions,
  type IdlePlatformResult,
  measureIdlePlatform,
} from './idle-platform';
import { wrapSection } from './marked-sections';

export interface PlatformBenchOptions {
  footprint: FootprintOptions;
  idle: IdlePlatformOptions;
  /** Runs of the idle platform, each variant. */
  idleRuns: number;
  newUsers: GatewayLoadOptions;
}

export interface PlatformBenchResult {
  footprint: ServiceFootprint[];
  /** `npm start` as a newcomer runs it (no model key), and with a key (the tools' job workers run). */
  idle: { withoutKey: IdlePlatformResult[]; withKey: IdlePlatformResult[] };
  newUsers: NewUsersSummary[];
}

/** A key and an address where nothing listens: the tools start their job workers and call no one. */
const IDLE_MODEL_KEY = {
  ANTHROPIC_API_KEY: 'sk-ant-idle-bench',
  ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
};

/** Points 1, 4 and 5 of issue 26: what each service costs at rest, the platform idle, newcomers through the gateway. */
export async function runPlatformBench(
  repoRoot: string,
  options: PlatformBenchOptions,
  log: (line: string) => void,
): Promise<PlatformBenchResult> {
  log('platform: each service’s bundle, cold start and idle memory');
  const footprint = await measureFootprint(options.footprint);
  const withoutKey: IdlePlatformResult[] = [];
  const withKey: IdlePlatformResult[] = [];
  for (let run = 0; run < options.idleRuns; run += 1) {
    log(`platform: npm start at rest, run ${run + 1} of ${options.idleRuns}`);
    withoutKey.push(await measureIdlePlatform(repoRoot, options.idle));
    withKey.push(await measureIdlePlatform(repoRoot, { ...options.idle, env: IDLE_MODEL_KEY }));
  }
  log('platform: new people sending /start through the gateway');
  const newUsers = summariseNewUsers(await runNewUsersBench(options.newUsers));
  return { footprint, idle: { withoutKey, withKey }, newUsers };
}

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const mb = (bytes: number) => fmt(bytes / 1e6, 2);
const runsOf = (values: readonly number[], digits = 0) =>
  values.map((value) => fmt(value, digits)).join(', ');

/** The median of each part's share over the runs (a part missing from a run counts 0). */
function idleMedians(runs: readonly IdlePlatformResult[]): Map<string, number> {
  const parts = new Set(runs.flatMap((run) => Object.keys(run.percentOfCore)));
  return new Map(
    [...parts].map((part) => [part, median(runs.map((run) => run.percentOfCore[part] ?? 0))]),
  );
}

/** The section of docs/BENCHMARKS.md that `npm run bench -- --platform` writes. */
export function renderPlatformSection(result: PlatformBenchResult, date: string): string {
  const lines: string[] = [
    '## The platform: each service, at rest, and newcomers through the gateway',
    '',
    `Measured ${date} with \`npm run bench -- --platform\` (bench/src/footprint.ts, idle-platform.ts,`,
    'gateway-load.ts). Each figure is the median of its runs; the runs are given where they',
    'spread. The machine is shared: cold starts in particular move with whatever else runs.',
    '',
    '### Each service before it does anything',
    '',
    'Its bundle as built (`npx nx run-many -t build`); its cold start, from spawning node on the',
    'bundle (as the image runs it, `--max-old-space-size=96`) to the first 200 from /health, with',
    'PostgreSQL, NATS and the Bot API up and the services started before it idle (the bots first,',
    'the dashboard, the gateway last); then its memory and CPU after 5 s of rest and 20 s more.',
    'The AI tools run with a model key, so their job workers run, as deployed.',
    '',
    '| service | dist/main.js MB | map MB | cold start ms (runs) | idle RSS MB | idle CPU, % of a core |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const service of result.footprint) {
    lines.push(
      `| ${service.service} | ${mb(service.bundleBytes)} | ${mb(service.mapBytes)} | ${fmt(median(service.coldStartMs))} (${runsOf(service.coldStartMs)}) | ${fmt(median(service.idleRssMb))} | ${fmt(median(service.idleCpuPercent), 1)} |`,
    );
  }
  const without = idleMedians(result.idle.withoutKey);
  const withKey = idleMedians(result.idle.withKey);
  const parts = [...new Set([...without.keys(), ...withKey.keys()])].sort(
    (a, b) => (withKey.get(b) ?? 0) - (withKey.get(a) ?? 0),
  );
  const totals = (runs: readonly IdlePlatformResult[]) => runs.map((run) => run.totalPercentOfCore);
  const commits = (runs: readonly IdlePlatformResult[]) =>
    median(runs.map((run) => run.commits / run.windowSeconds));
  const window = result.idle.withoutKey[0]?.windowSeconds ?? 60;
  lines.push(
    '',
    '### The whole platform at rest',
    '',
    `\`npm start\` with no bot token (the playground, every bot against its local Bot API, embedded`,
    `PostgreSQL, nats-server), left alone: CPU each of its processes used over ${window} s after \`ready\``,
    'and 20 s more, from /proc, as a share of one core. PostgreSQL backends are named by the',
    "client holding them (application_name): a service's pool, its reply sender, its job runner.",
    'Without a model key the AI tools run no job workers; with one (as deployed) they do.',
    '',
    '| part | % of a core, no model key | with a model key |',
    '| --- | --- | --- |',
    `| **all together** (target < 2) | **${fmt(median(totals(result.idle.withoutKey)), 1)}** (${runsOf(totals(result.idle.withoutKey), 1)}) | **${fmt(median(totals(result.idle.withKey)), 1)}** (${runsOf(totals(result.idle.withKey), 1)}) |`,
    `| PostgreSQL transactions per second | ${fmt(commits(result.idle.withoutKey), 1)} | ${fmt(commits(result.idle.withKey), 1)} |`,
  );
  for (const part of parts) {
    const a = without.get(part) ?? 0;
    const b = withKey.get(part) ?? 0;
    if (a < 0.05 && b < 0.05) continue;
    lines.push(`| ${part} | ${fmt(a, 2)} | ${fmt(b, 2)} |`);
  }
  lines.push(
    '',
    'Parts under 0.05% in both columns are left out.',
    '',
    '### New people sending /start',
  );
  const first = result.newUsers[0];
  lines.push(
    '',
    `${first ? '' : 'Not run. '}Each new person (no users row) sends /start once to pro; ${first ? 'the load' : 'it'} runs at`,
    'concurrency 40 with the Bot API answering at once, 600 people a run after a warm-up of 1,000',
    'others. Every service runs as its bundle; "idle services" is the CPU of those the load does',
    'not reach (screen, the AI tools with their job workers, the dashboard, NATS). The reference',
    '(bench/src/start-reference.ts) is one process doing the least a bot must: dedup and the',
    "chat's lock in one transaction, then the reply sent straight to the Bot API, not durably.",
    '',
    '| set-up | updates/s (runs) | p99 ms | CPU ms per update | each answered once |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const summary of result.newUsers) {
    const cpu = Object.entries(summary.cpuMsPerUpdate)
      .map(([name, value]) => `${name} ${fmt(value, 2)}`)
      .join(', ');
    lines.push(
      `| ${NEW_USERS_SETUPS[summary.setup]} | ${fmt(summary.perSecond)} (${runsOf(summary.runs)}) | ${fmt(summary.p99, 1)} | ${cpu} | ${summary.answeredOnce ? 'yes' : 'NO'} |`,
    );
  }
  const rate = (setup: NewUsersSummary['setup']) =>
    result.newUsers.find((summary) => summary.setup === setup)?.perSecond ?? Number.NaN;
  const all = rate('all-via-gateway');
  const pair = rate('pro-via-gateway');
  const direct = rate('pro-direct');
  const reference = rate('reference');
  lines.push(
    '',
    'What each step costs of the throughput, from the medians: the other services running',
    `beside gateway and pro ${fmt(100 * (1 - all / pair))}%; the gateway's hop ${fmt(100 * (1 - pair / direct))}%; pro's`,
    `pipeline with its durable replies against the reference ${fmt(100 * (1 - direct / reference))}%; all`,
    `together, through the gateway with everything running against the reference, ${fmt(100 * (1 - all / reference))}%.`,
  );
  return wrapSection('platform-bench', lines);
}
