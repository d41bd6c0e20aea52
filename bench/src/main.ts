// npm run bench [-- --smoke]: loads the four set-ups and writes docs/BENCHMARKS.md.
// npm run bench -- --ai [--smoke]: the AI tools under a burst (three runs) and the enqueue alone,
//   with and without its NOTIFY; writes their section of it.
// npm run bench -- --platform [--smoke]: each service's bundle, cold start and idle memory, the
//   whole npm start at rest, and new people's /start through the gateway with every service
//   running; writes its section of it.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@psycheos/testkit';
import { renderAiSection, writeAiSection } from './ai-report';
import { AI_FULL, AI_SMOKE, type AiBenchResult, runAiBench } from './ai-tools';
import { FULL, runBench, SMOKE } from './bench';
import { ENQUEUE_PROBE_FULL, ENQUEUE_PROBE_SMOKE, probeEnqueue } from './enqueue-probe';
import { FOOTPRINT_FULL, FOOTPRINT_SMOKE } from './footprint';
import { GATEWAY_LOAD_FULL, GATEWAY_LOAD_SMOKE } from './gateway-load';
import { IDLE_FULL, IDLE_SMOKE } from './idle-platform';
import { KEPT_SECTIONS, markedSection, writeMarkedSection } from './marked-sections';
import { runPaceBench } from './pace';
import { measureDashboardPage } from './page-size';
import { renderPlatformSection, runPlatformBench } from './platform-bench';
import { renderReport } from './report';

const smoke = process.argv.includes('--smoke');
const aiOnly = process.argv.includes('--ai');
const platformOnly = process.argv.includes('--platform');
const reportFile = join(REPO_ROOT, 'docs/BENCHMARKS.md');
const today = () => new Date().toISOString().slice(0, 10);
// The services are measured as deployed: their bundles, built first (every one for --platform).
execFileSync(
  'npx',
  [
    'nx',
    'run-many',
    '-t',
    'build',
    ...(platformOnly ? [] : ['-p', 'pro', 'gateway', 'interpretator', 'webapp']),
  ],
  { cwd: REPO_ROOT, stdio: 'inherit' },
);
if (aiOnly) {
  const runs: AiBenchResult[] = [];
  for (let run = 0; run < (smoke ? 1 : 3); run += 1) {
    const ai = await runAiBench(smoke ? AI_SMOKE : AI_FULL);
    console.log(JSON.stringify(ai, null, 2));
    runs.push(ai);
  }
  // PostgreSQL's side apart: the enqueue with and without its NOTIFY.
  const probe = await probeEnqueue(smoke ? ENQUEUE_PROBE_SMOKE : ENQUEUE_PROBE_FULL);
  console.log(JSON.stringify(probe, null, 2));
  if (!smoke) writeAiSection(reportFile, renderAiSection(runs, today(), probe));
  process.exit(runs.every((ai) => ai.answersPerPerson.exactlyOne === ai.specialists) ? 0 : 1);
}
if (platformOnly) {
  const result = await runPlatformBench(
    REPO_ROOT,
    smoke
      ? { footprint: FOOTPRINT_SMOKE, idle: IDLE_SMOKE, idleRuns: 1, newUsers: GATEWAY_LOAD_SMOKE }
      : { footprint: FOOTPRINT_FULL, idle: IDLE_FULL, idleRuns: 3, newUsers: GATEWAY_LOAD_FULL },
    (line) => console.log(line),
  );
  console.log(JSON.stringify(result, null, 2));
  const section = renderPlatformSection(result, today());
  if (smoke) console.log(section);
  else writeMarkedSection(reportFile, 'platform-bench', section);
  process.exit(result.newUsers.every((summary) => summary.answeredOnce) ? 0 : 1);
}
const started = Date.now();
const results = await runBench({ ...(smoke ? SMOKE : FULL), log: (line) => console.log(line) });
const pace = await runPaceBench({ chats: smoke ? 10 : 150 });
console.log(
  `pace: three replies on an idle bot in ${pace.threeRepliesMs.toFixed(0)} ms; ${pace.messages} messages under load in ${pace.drainSeconds.toFixed(1)} s (Telegram's limits allow ${pace.floorSeconds.toFixed(1)} s); 429s: ${pace.refused}; pre-checkout answers p50 ${pace.preCheckout.p50.toFixed(0)} / p99 ${pace.preCheckout.p99.toFixed(0)} ms, ${pace.preCheckout.unanswered} unanswered`,
);
if (smoke) {
  console.log('smoke run: no report written');
} else {
  const kept = KEPT_SECTIONS.map((name) => [name, markedSection(reportFile, name)] as const);
  const page = measureDashboardPage();
  writeFileSync(reportFile, renderReport(results, pace, (Date.now() - started) / 1000, page));
  for (const [name, section] of kept) if (section) writeMarkedSection(reportFile, name, section);
  console.log(`wrote ${reportFile}`);
}
const broken = results.filter((r) =>
  [r.allRecorded, r.answeredOnce, r.replayIgnored].includes(false),
);
process.exitCode =
  broken.length === 0 && pace.refused === 0 && pace.preCheckout.unanswered === 0 ? 0 : 1;
