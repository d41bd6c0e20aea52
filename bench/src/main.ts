// npm run bench [-- --smoke]: loads the four set-ups and writes docs/BENCHMARKS.md.
// npm run bench -- --ai [--smoke]: the AI tools under a burst; writes their section of it.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@psycheos/testkit';
import { existingAiSection, renderAiSection, writeAiSection } from './ai-report';
import { AI_FULL, AI_SMOKE, runAiBench } from './ai-tools';
import { FULL, runBench, SMOKE } from './bench';
import { runPaceBench } from './pace';
import { measureDashboardPage } from './page-size';
import { renderReport } from './report';

const smoke = process.argv.includes('--smoke');
const aiOnly = process.argv.includes('--ai');
const reportFile = join(REPO_ROOT, 'docs/BENCHMARKS.md');
// The services are measured as deployed: their bundles, built first.
execFileSync(
  'npx',
  ['nx', 'run-many', '-t', 'build', '-p', 'pro', 'gateway', 'interpretator', 'webapp'],
  {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  },
);
if (aiOnly) {
  const ai = await runAiBench(smoke ? AI_SMOKE : AI_FULL);
  console.log(JSON.stringify(ai, null, 2));
  if (!smoke)
    writeAiSection(reportFile, renderAiSection(ai, new Date().toISOString().slice(0, 10)));
  process.exit(ai.answersPerPerson.exactlyOne === ai.specialists ? 0 : 1);
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
  const aiSection = existingAiSection(reportFile);
  const page = measureDashboardPage();
  writeFileSync(reportFile, renderReport(results, pace, (Date.now() - started) / 1000, page));
  if (aiSection) writeAiSection(reportFile, aiSection);
  console.log(`wrote ${reportFile}`);
}
const broken = results.filter((r) =>
  [r.allRecorded, r.answeredOnce, r.replayIgnored].includes(false),
);
process.exitCode =
  broken.length === 0 && pace.refused === 0 && pace.preCheckout.unanswered === 0 ? 0 : 1;
