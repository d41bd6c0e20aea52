import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Sections of docs/BENCHMARKS.md that their own runs write (`npm run bench -- --ai`,
 * `-- --platform`) or that are written by hand (before/after comparisons): each between
 * `<!-- name:begin -->` and `<!-- name:end -->`, kept when the main report is rewritten.
 */
export const KEPT_SECTIONS = ['ai-tools-bench', 'platform-bench', 'issue-26'] as const;

const begin = (name: string) => `<!-- ${name}:begin -->`;
const end = (name: string) => `<!-- ${name}:end -->`;

/** A section's text with its markers, for a renderer to wrap what it writes. */
export function wrapSection(name: string, lines: readonly string[]): string {
  return [begin(name), ...lines, end(name)].join('\n');
}

/** Puts the section into the report, replacing an earlier one, or at its end. */
export function writeMarkedSection(file: string, name: string, section: string): void {
  let report = '';
  try {
    report = readFileSync(file, 'utf8');
  } catch {
    report = '# Benchmarks\n';
  }
  const start = report.indexOf(begin(name));
  const stop = report.indexOf(end(name));
  const updated =
    start >= 0 && stop > start
      ? `${report.slice(0, start)}${section}${report.slice(stop + end(name).length)}`
      : `${report.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, updated);
}

/** The section as an earlier report has it, markers included, or null. */
export function markedSection(file: string, name: string): string | null {
  try {
    const report = readFileSync(file, 'utf8');
    const start = report.indexOf(begin(name));
    const stop = report.indexOf(end(name));
    return start >= 0 && stop > start ? report.slice(start, stop + end(name).length) : null;
  } catch {
    return null;
  }
}
