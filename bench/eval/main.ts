// npm run eval: the AI tools' evaluation set through the real model; writes docs/EVALUATION.md.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ANTHROPIC_MODEL } from '@psycheos/bot-runtime';
import { ensureTestDatabase, REPO_ROOT } from '@psycheos/testkit';
import { renderEvaluation } from './report';
import { runEvaluation, runSimulatorEvaluation } from './run-evaluation';
import { summarize } from './score';
import { SIMULATOR_PERSONA, THERAPIST_LINES } from './simulator-script';
import { loadVignettes } from './vignettes';

const apiKey = process.env.ANTHROPIC_API_KEY;
if (!apiKey) {
  console.error(
    'npm run eval needs ANTHROPIC_API_KEY (and optionally ANTHROPIC_MODEL, ANTHROPIC_BASE_URL)',
  );
  process.exit(1);
}
const model = process.env.ANTHROPIC_MODEL ?? DEFAULT_ANTHROPIC_MODEL;
// A PostgreSQL for the run: TEST_DATABASE_URL, the local one, or one started for it.
const stopDatabase = await ensureTestDatabase(process.env);
try {
  const anthropic = { apiKey, model, baseUrl: process.env.ANTHROPIC_BASE_URL };
  const scores = await runEvaluation({ vignettes: loadVignettes(), anthropic });
  console.log(JSON.stringify(summarize(scores), null, 2));
  const simulation = await runSimulatorEvaluation({
    anthropic,
    personaId: SIMULATOR_PERSONA,
    therapistLines: THERAPIST_LINES,
  });
  console.log(JSON.stringify(simulation, null, 2));
  const file = join(REPO_ROOT, 'docs/EVALUATION.md');
  writeFileSync(
    file,
    renderEvaluation(scores, simulation, model, new Date().toISOString().slice(0, 10)),
  );
  console.log(`wrote ${file}`);
} finally {
  await stopDatabase();
}
