// npm run bench [-- --smoke]: loads the four set-ups and writes docs/BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@psycheos/shared/testing';
import { FULL, runBench, SMOKE } from './bench';
import { renderReport } from './report';

const smoke = process.argv.includes('--smoke');
// The services are measured as deployed: their bundles, built first.
execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'pro', 'gateway'], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
});
const started = Date.now();
const results = await runBench({ ...(smoke ? SMOKE : FULL), log: (line) => console.log(line) });
if (smoke) {
  console.log('smoke run: no report written');
} else {
  const file = join(REPO_ROOT, 'docs/BENCHMARKS.md');
  writeFileSync(file, renderReport(results, (Date.now() - started) / 1000));
  console.log(`wrote ${file}`);
}
const broken = results.filter((r) =>
  [r.allRecorded, r.answeredOnce, r.replayIgnored].includes(false),
);
process.exitCode = broken.length === 0 ? 0 : 1;
