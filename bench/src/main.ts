// npm run bench [-- --smoke]: loads the four set-ups and writes docs/BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@psycheos/shared/testing';
import { FULL, runBench, SMOKE } from './bench';
import { runPaceBench } from './pace';
import { renderReport } from './report';

const smoke = process.argv.includes('--smoke');
// The services are measured as deployed: their bundles, built first.
execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'pro', 'gateway'], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
});
const started = Date.now();
const results = await runBench({ ...(smoke ? SMOKE : FULL), log: (line) => console.log(line) });
const pace = await runPaceBench({ chats: smoke ? 10 : 150 });
console.log(
  `pace: three replies on an idle bot in ${pace.threeRepliesMs.toFixed(0)} ms; ${pace.messages} messages under load in ${pace.drainSeconds.toFixed(1)} s (Telegram's limits allow ${pace.floorSeconds.toFixed(1)} s); 429s: ${pace.refused}`,
);
if (smoke) {
  console.log('smoke run: no report written');
} else {
  const file = join(REPO_ROOT, 'docs/BENCHMARKS.md');
  writeFileSync(file, renderReport(results, pace, (Date.now() - started) / 1000));
  console.log(`wrote ${file}`);
}
const broken = results.filter((r) =>
  [r.allRecorded, r.answeredOnce, r.replayIgnored].includes(false),
);
process.exitCode = broken.length === 0 && pace.refused === 0 ? 0 : 1;
