import { describe, expect, it } from 'vitest';
import { runBench, SMOKE } from '../src/bench';
import { runPaceBench } from '../src/pace';

/**
 * The benchmark in smoke mode, so it keeps working: a few hundred updates through all
 * four set-ups. It checks what the benchmark checks (nothing lost, nothing doubled,
 * replays ignored), never a time.
 */
// Four set-ups at two concurrencies take about four minutes on two idle cores; under npm test
// the other projects' tests share those cores, so the run is given ten.
describe('benchmark smoke run', () => {
  it('runs every set-up and loses or doubles nothing', async () => {
    const results = await runBench({ ...SMOKE, log: () => {} });
    expect(results.map((r) => `${r.setup}@${r.concurrency}`)).toEqual([
      'a@1',
      'b@1',
      'c@1',
      'd@1',
      'a@10',
      'b@10',
      'c@10',
      'd@10',
    ]);
    for (const result of results) {
      expect(result.load.statuses, result.setup).toEqual({ 200: result.load.updates });
      expect(
        [result.allRecorded, result.answeredOnce, result.replayIgnored],
        result.setup,
      ).not.toContain(false);
    }
    expect(results.filter((r) => r.answeredOnce === true)).toHaveLength(6);
    expect(results.filter((r) => r.replayIgnored === true)).toHaveLength(6);
    // Four set-ups started and warmed up twice: 60-90 s alone on two shared cores, more while
    // the other projects' tests run beside it.
  }, 600_000);

  it('keeps to Telegram’s limits: a Bot API that enforces them refuses nothing', async () => {
    const pace = await runPaceBench({ chats: 10 });
    expect(pace.refused).toBe(0);
    // Every message and edit the ten chats' workloads call for got through.
    expect(pace.messages).toBe(10 * 6);
  }, 120_000);
});
