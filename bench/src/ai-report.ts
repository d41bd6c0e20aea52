import type { AiBenchResult } from './ai-tools';
import type { EnqueueProbeResult } from './enqueue-probe';
import { markedSection, wrapSection, writeMarkedSection } from './marked-sections';

const SECTION = 'ai-tools-bench';

const ms = (value: number) => `${Number.isFinite(value) ? value.toFixed(0) : '—'} ms`;

/** The busiest waits of PostgreSQL's backends during the presses, as shares of the samples. */
function waitsLine(result: AiBenchResult): string {
  const { total, top } = result.pgWaits;
  if (total === 0) return 'no backend seen busy';
  return top
    .slice(0, 4)
    .map(
      (wait) => `${((100 * wait.samples) / total).toFixed(0)}% ${wait.what} in ${wait.statement}`,
    )
    .join('; ');
}

/**
 * The AI tools' section of docs/BENCHMARKS.md: the run with the median webhook p99 of
 * `runs` (each figure of it; the p99 of every run beside it).
 */
export function renderAiSection(
  runs: readonly AiBenchResult[],
  date: string,
  probe?: EnqueueProbeResult,
): string {
  const sorted = [...runs].sort((a, b) => a.webhookP99 - b.webhookP99);
  const result = sorted[Math.floor((sorted.length - 1) / 2)] ?? runs[0];
  if (!result) throw new Error('no AI bench run to report');
  const { answersPerPerson: answers } = result;
  return wrapSection(SECTION, [
    '## The AI tools under a burst',
    '',
    `Measured ${date} with \`npm run bench -- --ai\` (bench/src/ai-tools.ts). ${result.specialists} specialists press`,
    '«Интерпретировать» at the same moment in the Интерпретатор (its bundle, as deployed, with',
    `\`AI_JOB_CONCURRENCY=${result.concurrency}\`); the fake model (the in-process Anthropic fake) takes`,
    `${(result.answerMs / 1000).toFixed(1)} s per answer and streams a structured interpretation in 40 chunks after a 0.3 s first token.`,
    'Before the measured burst, as many other specialists make the same burst with a quick model and',
    "are all answered: the press's code compiled and the pools' connections open, as in a service",
    'that has run a while.',
    `${runs.length} runs; the table is the run with the median webhook p99 (the p99s: ${runs.map((run) => ms(run.webhookP99)).join(', ')}).`,
    '',
    '| what | target | measured |',
    '| --- | --- | --- |',
    `| webhook answered (the press), p50 / p99 / max | p99 < 100 ms | ${ms(result.webhookP50)} / ${ms(result.webhookP99)} / ${ms(result.webhookMax)} (statuses ${JSON.stringify(result.statuses)}) |`,
    `| final answers per person | exactly one | ${answers.exactlyOne} got one, ${answers.none} none, ${answers.more} more than one |`,
    `| model requests in flight at once | ≤ ${result.concurrency} | ${result.maxConcurrentRequests} |`,
    `| model's first token → first text in the preview, p50 / p99 / max | < 1500 ms | ${ms(result.firstTextP50)} / ${ms(result.firstTextP99)} / ${ms(result.firstTextMax)} |`,
    `| the press → the last person's final answer | ${result.specialists} × ${(result.answerMs / 1000).toFixed(0)} s ÷ ${result.concurrency} ≈ ${((result.specialists * result.answerMs) / 1000 / result.concurrency).toFixed(0)} s | ${result.drainSeconds.toFixed(1)} s |`,
    `| peak RSS of the service | < 150 MB | ${result.peakRssMb.toFixed(0)} MB |`,
    `| CPU used from the first press to the last answer of them (${ms(result.pressWindow.wallMs)}) | — | ${Object.entries(
      result.pressWindow.cpuMs,
    )
      .map(([name, value]) => `${name} ${ms(value)}`)
      .join(', ')} |`,
    `| PostgreSQL during the presses: its busy backends (sampled every 5 ms) by wait and statement | — | ${waitsLine(result)} |`,
    '',
    'The first text is measured for the requests the runner started, whichever place in the',
    "queue they had: it is the time from the fake model's first token of that request to the",
    'first non-empty `sendMessageDraft` of that person. A person whose request waits in the queue',
    'sees «Thinking…» only once their request starts; what they see before is the chat action.',
    '"bench" is the load generator, the fake Bot API and the fake model (one process); "postgres" every',
    'PostgreSQL process on the machine. "CPU" in the PostgreSQL row is a backend running with no',
    'wait event (parsing, executing, or waiting for a core);',
    '"Lock:object" on a COMMIT is the NOTIFY queue\'s lock, "IO:WALSync" the commit\'s disk flush.',
    ...(probe ? probeLines(probe) : []),
  ]);
}

/** The enqueue alone (enqueue-probe.ts): add_job, which NOTIFYs, against enqueueJobQuietly. */
function probeLines(probe: EnqueueProbeResult): string[] {
  const pair = (p50: number, p99: number) => `${p50.toFixed(1)} / ${p99.toFixed(1)} ms`;
  return [
    '',
    `The enqueue alone (bench/src/enqueue-probe.ts): ${probe.transactions} transactions at once on a pool of`,
    `${probe.connections}, each inserting a row and queuing one job, ${probe.rounds} rounds of each way in turns`,
    "(medians of the rounds' p50 and p99):",
    '',
    '| the transaction | with add_job (NOTIFY at commit) | enqueueJobQuietly (no NOTIFY) |',
    '| --- | --- | --- |',
    `| whole, p50 / p99 | ${pair(probe.addJob.transactionP50, probe.addJob.transactionP99)} | ${pair(probe.quietly.transactionP50, probe.quietly.transactionP99)} |`,
    `| its COMMIT, p50 / p99 | ${pair(probe.addJob.commitP50, probe.addJob.commitP99)} | ${pair(probe.quietly.commitP50, probe.quietly.commitP99)} |`,
  ];
}

/** Puts the section into the report, replacing an earlier one, or at its end. */
export const writeAiSection = (file: string, section: string) =>
  writeMarkedSection(file, SECTION, section);

/** The section of an earlier report, kept when the rest of the report is rewritten. */
export const existingAiSection = (file: string) => markedSection(file, SECTION);
