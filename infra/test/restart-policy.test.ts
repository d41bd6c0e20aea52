import { describe, expect, it } from 'vitest';
import { DEFAULT_RESTART_POLICY, decideRestart } from '../src/platform/restart-policy';

const minute = 60_000;

describe('when a crashed service is started again', () => {
  it('waits a second after a first crash', () => {
    expect(decideRestart([5 * minute])).toEqual({ action: 'restart', delayMs: 1_000 });
  });

  it('doubles the wait with each crash it remembers, up to 30 s', () => {
    // A crash every 20 s never makes five within a minute, so it is never given up on.
    const crashes = Array.from({ length: 8 }, (_, index) => index * 20_000);
    const delays = crashes.map((_, index) => {
      const decision = decideRestart(crashes.slice(0, index + 1));
      return decision.action === 'restart' ? decision.delayMs : decision.action;
    });
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('forgets crashes older than ten minutes: a service that ran long enough starts afresh', () => {
    expect(decideRestart([0, 20_000, 40_000, 11 * minute])).toEqual({
      action: 'restart',
      delayMs: 1_000,
    });
  });

  it('gives up on the fifth crash within a minute', () => {
    expect(decideRestart([0, 3_000, 8_000, 20_000])).toMatchObject({ action: 'restart' });
    expect(decideRestart([0, 3_000, 8_000, 20_000, 45_000])).toEqual({
      action: 'give-up',
      crashes: 5,
      windowMs: DEFAULT_RESTART_POLICY.giveUpWindowMs,
    });
  });
});
