import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Sends a child process's stdout and stderr, line by line, to `log`. */
export function pipeLines(child: ChildProcess, log: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', log);
  }
}
