import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LookSchedule } from '../src/look-schedule';

describe('when an outbox drainer looks', () => {
  let looks = 0;
  let schedule: LookSchedule;
  beforeEach(() => {
    vi.useFakeTimers();
    looks = 0;
    schedule = new LookSchedule({ look: () => looks++, slowMs: 60_000 });
  });
  afterEach(() => {
    schedule.stop();
    vi.useRealTimers();
  });

  it('looks once at the start, then only at the slow poll while nothing is written', () => {
    schedule.start();
    expect(looks).toBe(1);
    vi.advanceTimersByTime(59_999);
    expect(looks).toBe(1);
    vi.advanceTimersByTime(1);
    expect(looks).toBe(2);
  });

  it('looks a few times after a write, then goes back to the slow poll', () => {
    schedule.start();
    schedule.written();
    vi.advanceTimersByTime(5_000);
    const afterWrite = looks - 1;
    expect(afterWrite).toBeGreaterThan(1);
    vi.advanceTimersByTime(50_000);
    expect(looks - 1).toBe(afterWrite);
  });

  it('is not put off by writes that keep coming: the first look after them still comes', () => {
    schedule.start();
    for (let i = 0; i < 100; i++) {
      schedule.written();
      vi.advanceTimersByTime(1);
    }
    expect(looks).toBeGreaterThan(1);
  });

  it('never looks after it is stopped', () => {
    schedule.start();
    schedule.written();
    schedule.stop();
    vi.advanceTimersByTime(120_000);
    expect(looks).toBe(1);
  });
});
