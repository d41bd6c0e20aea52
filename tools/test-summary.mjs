// Adds up the vitest JSON reports of every project into one closing line.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const dir = '.vitest-reports';
const reports = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')) : [];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of reports) {
  const report = JSON.parse(readFileSync(`${dir}/${name}`, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
