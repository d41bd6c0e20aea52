import { startServiceProcess } from '@psycheos/testkit';
import { describe, expect, it } from 'vitest';

const FIXTURE = 'libs/platform/test/fixtures/exit-after.ts';

/** Runs the fixture to its end: its exit code and the JSON lines it wrote. */
async function runToExit(how: string) {
  const running = await startServiceProcess({ entry: FIXTURE, args: [how], env: {} });
  const code = await running.exited;
  const lines = running.output
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string; exit_code?: number });
  return { code, lines, output: running.output };
}

describe('every exit says why', () => {
  it('logs an unhandled rejection as one fatal line with its reason first, then exits 1', async () => {
    const { code, lines, output } = await runToExit('rejection');

    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 60,
        exit_code: 1,
        msg: 'exiting: connect ECONNREFUSED 127.0.0.1:5432 (an unhandled promise rejection)',
      }),
    ]);
    // Nothing but the JSON line: no stack on stderr for a log store to miss.
    expect(output.filter((line) => !line.startsWith('{'))).toEqual([]);
  });

  it('logs an uncaught exception the same way', async () => {
    const { code, lines } = await runToExit('exception');

    expect(code).toBe(1);
    expect(lines.map((line) => line.msg)).toEqual([
      'exiting: Connection terminated unexpectedly (an uncaught exception)',
    ]);
  });

  it('logs an exit nobody announced with its code', async () => {
    const { code, lines } = await runToExit('bare-exit');

    expect(code).toBe(3);
    expect(lines.map((line) => line.msg)).toEqual(['exiting with code 3: no reason was given']);
  });

  it('logs an announced exit once, not again from the exit hook', async () => {
    const { code, lines } = await runToExit('reason');

    expect(code).toBe(1);
    expect(lines.map((line) => line.msg)).toEqual(['the database refused the connection; exiting']);
  });
});
