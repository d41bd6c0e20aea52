import { Gauge, type Registry } from 'prom-client';

/**
 * A count a bot adds to its /health and its metrics, for something an operator must act on
 * (pro: crisis alerts that did not reach their specialist). While it is above zero the
 * service reports "degraded" with the problem, so a check that reads only the status sees it.
 */
export interface HealthCount {
  /** snake_case: the field of /health, and the gauge `psycheos_<name>`. */
  name: string;
  /** What the gauge counts, for Prometheus' HELP line. */
  help: string;
  count(): Promise<number>;
  /** The line /health lists while the count is above zero. */
  problem(count: number): string;
}

/** Each count as a gauge, read when /metrics is scraped. */
export function registerHealthCountGauges(registry: Registry, counts: readonly HealthCount[]) {
  for (const healthCount of counts) {
    new Gauge({
      name: `psycheos_${healthCount.name}`,
      help: healthCount.help,
      registers: [registry],
      async collect() {
        this.set(await healthCount.count());
      },
    });
  }
}
