import { readFileSync } from 'node:fs';

/** Samples the resident memory of processes while a run lasts; keeps each one's peak (MB). */
export function sampleRss(pids: Record<string, number>): { stop(): Record<string, number> } {
  const peaks: Record<string, number> = {};
  const sample = () => {
    for (const [name, pid] of Object.entries(pids)) {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        peaks[name] = Math.max(peaks[name] ?? 0, kb / 1024);
      } catch {
        // the process is gone; its last peak stands
      }
    }
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}
