import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const COLORS = [36, 33, 35, 32, 34, 31, 96, 93];
let nextColor = 0;

/** A writer that prefixes every line with a padded, coloured name, as `docker compose up` does. */
export function prefixedWriter(name: string, width = 16): (line: string) => void {
  const color = COLORS[nextColor++ % COLORS.length];
  const label = `${name.padEnd(width)}|`;
  const prefix = process.stdout.isTTY ? `\u001b[${color}m${label}\u001b[0m` : label;
  return (line) => {
    process.stdout.write(`${prefix} ${line}\n`);
  };
}

/** Sends a child's stdout and stderr, line by line, to `log`. */
export function pipeLines(child: ChildProcess, log: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', log);
  }
}
