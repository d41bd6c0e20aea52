import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Supervised, supervise } from '../src/platform/supervisor';

/** Real processes: a node that runs until killed, or one that exits at once with code 3. */
const runForever = () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
const crashAtOnce = () => spawn(process.execPath, ['-e', 'process.exit(3)']);
const quickPolicy = {
  firstDelayMs: 10,
  maxDelayMs: 40,
  backoffMemoryMs: 60_000,
  giveUpAfter: 3,
  giveUpWindowMs: 60_000,
};

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('a supervised process', () => {
  const running: Supervised[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((supervised) => supervised.stop()));
  });

  it('is started again by itself after it is killed', async () => {
    const log: string[] = [];
    const pro = supervise({ name: 'pro', start: runForever, log: (line) => log.push(line) });
    running.push(pro);
    const first = pro.pid() as number;
    process.kill(first, 'SIGKILL');
    await vi.waitFor(
      () => {
        expect(pro.pid()).toBeGreaterThan(0);
        expect(pro.pid()).not.toBe(first);
      },
      { timeout: 10_000 },
    );
    expect(pro.state()).toBe('running');
    expect(log).toEqual([
      `pro started (pid ${first})`,
      'pro exited (SIGKILL); starting it again in 1 s',
      `pro started (pid ${pro.pid()})`,
    ]);
  });

  it('is given up on, with one line, after repeated crashes in a short time', async () => {
    const log: string[] = [];
    let gaveUp = false;
    const broken = supervise({
      name: 'screen',
      start: crashAtOnce,
      log: (line) => log.push(line),
      policy: quickPolicy,
      onGiveUp: () => {
        gaveUp = true;
      },
    });
    running.push(broken);
    await vi.waitFor(() => expect(broken.state()).toBe('given-up'), { timeout: 10_000 });
    expect(gaveUp).toBe(true);
    expect(log.filter((line) => line.startsWith('screen started'))).toHaveLength(3);
    expect(log.filter((line) => line.includes('starting it again'))).toEqual([
      'screen exited (code 3); starting it again in 0.01 s',
      'screen exited (code 3); starting it again in 0.02 s',
    ]);
    expect(log.at(-1)).toBe(
      'screen exited (code 3) and has crashed 3 times within 60 s: giving up on it, the rest keeps running; fix what its last lines say, then restart npm start',
    );
  });

  it('stops for good when told to: no restart follows', async () => {
    const log: string[] = [];
    const gateway = supervise({
      name: 'gateway',
      start: runForever,
      log: (line) => log.push(line),
    });
    const pid = gateway.pid() as number;
    await gateway.stop();
    expect(isAlive(pid)).toBe(false);
    expect(gateway.state()).toBe('stopped');
    expect(gateway.pid()).toBeUndefined();
    expect(log).toEqual([`gateway started (pid ${pid})`]);
  });
});
