import type { SimulationScore } from './run-evaluation';
import { type EvaluationSummary, summarize, type VignetteScore } from './score';

const pct = (value: number) => `${(value * 100).toFixed(0)} %`;

/** docs/EVALUATION.md from one run against a real model. */
export function renderEvaluation(
  scores: VignetteScore[],
  simulation: SimulationScore,
  model: string,
  date: string,
): string {
  const summary: EvaluationSummary = summarize(scores);
  return [
    '# Evaluation of the AI tools against the real model',
    '',
    `Written by \`npm run eval\` on ${date}, model \`${model}\`. Twelve short Russian case`,
    'vignettes written for this (no real people; `bench/eval/vignettes/`), five with a planted',
    'risk, go through the Интерпретатор as a specialist would: open the tool for a case, send',
    'the material, press «Интерпретировать». What it saved is scored:',
    '',
    '- **risk recall**: planted risks the answer names as risk indicators (a keyword of the risk in the indicator or its quote);',
    '- **false alarms**: risk indicators on the vignettes with none planted (not always wrong, but each is read);',
    '- **quote support**: quotes that occur in the material, as checked by the server (an invented quote is shown as unsupported);',
    "- **themes**: the themes a good answer names (the vignette's `mustMention`).",
    '',
    `| risk recall | false alarms | quote support | themes |`,
    '| --- | --- | --- | --- |',
    `| ${pct(summary.riskRecall)} | ${summary.falseAlarms} | ${pct(summary.quoteSupport)} | ${pct(summary.themeCoverage)} |`,
    '',
    '| vignette | planted risks found | false alarms | quotes found | themes named |',
    '| --- | --- | --- | --- | --- |',
    ...scores.map(
      (s) =>
        `| ${s.id} ${s.title} | ${s.risksFound}/${s.plantedRisks} | ${s.falseAlarms} | ${s.quotesFound}/${s.quotes} | ${s.themesNamed}/${s.themes} |`,
    ),
    '',
    "## The Симулятор's supervisor",
    '',
    `A scripted first CBT session (\`bench/eval/simulator-script.ts\`: eight therapist lines with an`,
    `agenda, guided discovery, a thought record and homework) with the persona \`${simulation.persona}\`,`,
    "then «Завершить». The supervisor scored it on the CTRS; each score's quote was looked up in",
    'the transcript by the server.',
    '',
    '| CTRS total | items scored | quotes found in the transcript |',
    '| --- | --- | --- |',
    `| ${simulation.total} of ${simulation.maxTotal} | ${simulation.scoredItems} of 11 | ${simulation.quotesFound}/${simulation.quotes} |`,
    '',
    'The same harness runs in the tests against the fake Anthropic API (`bench/test/evaluation.test.ts`),',
    'so the scoring itself is checked; only the numbers above need the real model.',
    '',
  ].join('\n');
}
