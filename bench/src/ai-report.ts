import { readFileSync, writeFileSync } from 'node:fs';
import type { AiBenchResult } from './ai-tools';

const BEGIN = '<!-- ai-tools-bench:begin -->';
const END = '<!-- ai-tools-bench:end -->';

const ms = (value: number) => `${Number.isFinite(value) ? value.toFixed(0) : '—'} ms`;

/** The AI tools' section of docs/BENCHMARKS.md. */
export function renderAiSection(result: AiBenchResult, date: string): string {
  const { answersPerPerson: answers } = result;
  return [
    BEGIN,
    '## The AI tools under a burst',
    '',
    `Measured ${date} with \`npm run bench -- --ai\` (bench/src/ai-tools.ts). ${result.specialists} specialists press`,
    '«Интерпретировать» at the same moment in the Интерпретатор (its bundle, as deployed, with',
    `\`AI_JOB_CONCURRENCY=${result.concurrency}\`); the fake model (the in-process Anthropic fake) takes`,
    `${(result.answerMs / 1000).toFixed(1)} s per answer and streams a structured interpretation in 40 chunks after a 0.3 s first token.`,
    '',
    '| what | target | measured |',
    '| --- | --- | --- |',
    `| webhook answered (the press), p50 / p99 / max | p99 < 100 ms | ${ms(result.webhookP50)} / ${ms(result.webhookP99)} / ${ms(result.webhookMax)} (statuses ${JSON.stringify(result.statuses)}) |`,
    `| final answers per person | exactly one | ${answers.exactlyOne} got one, ${answers.none} none, ${answers.more} more than one |`,
    `| model requests in flight at once | ≤ ${result.concurrency} | ${result.maxConcurrentRequests} |`,
    `| model's first token → first text in the preview, p50 / p99 / max | < 1500 ms | ${ms(result.firstTextP50)} / ${ms(result.firstTextP99)} / ${ms(result.firstTextMax)} |`,
    `| the press → the last person's final answer | ${result.specialists} × ${(result.answerMs / 1000).toFixed(0)} s ÷ ${result.concurrency} ≈ ${((result.specialists * result.answerMs) / 1000 / result.concurrency).toFixed(0)} s | ${result.drainSeconds.toFixed(1)} s |`,
    `| peak RSS of the service | < 150 MB | ${result.peakRssMb.toFixed(0)} MB |`,
    '',
    'The first text is measured for the requests the runner started, whichever place in the',
    "queue they had: it is the time from the fake model's first token of that request to the",
    'first non-empty `sendMessageDraft` of that person. A person whose request waits in the queue',
    'sees «Thinking…» only once their request starts; what they see before is the chat action.',
    END,
  ].join('\n');
}

/** Puts the section into the report, replacing an earlier one, or at its end. */
export function writeAiSection(file: string, section: string): void {
  let report = '';
  try {
    report = readFileSync(file, 'utf8');
  } catch {
    report = '# Benchmarks\n';
  }
  const start = report.indexOf(BEGIN);
  const end = report.indexOf(END);
  const updated =
    start >= 0 && end > start
      ? `${report.slice(0, start)}${section}${report.slice(end + END.length)}`
      : `${report.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, updated);
}

/** The section of an earlier report, kept when the rest of the report is rewritten. */
export function existingAiSection(file: string): string | null {
  try {
    const report = readFileSync(file, 'utf8');
    const start = report.indexOf(BEGIN);
    const end = report.indexOf(END);
    return start >= 0 && end > start ? report.slice(start, end + END.length) : null;
  } catch {
    return null;
  }
}
