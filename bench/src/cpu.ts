import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far; 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name, which is in parentheses and may contain spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The pids of every PostgreSQL server process on this machine (its backends included). */
export function postgresPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    });
}

/**
 * CPU used by named processes between start and stop, in seconds. PostgreSQL's backends
 * come and go, so they are counted together as "postgres": what each backend alive at the
 * end used since the start (or since it began). A backend that ended meanwhile is missed;
 * the pools keep theirs open.
 */
export function measureCpu(pids: Record<string, number>): { stop(): Record<string, number> } {
  const named = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]),
  );
  const postgres = new Map(postgresPids().map((pid) => [pid, cpuSeconds(pid)]));
  return {
    stop() {
      const used = Object.fromEntries(
        Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid) - (named[name] ?? 0)]),
      );
      used.postgres = postgresPids().reduce(
        (sum, pid) => sum + cpuSeconds(pid) - (postgres.get(pid) ?? 0),
        0,
      );
      return used;
    },
  };
}
