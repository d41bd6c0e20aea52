import { startFakeAnthropic } from '@psycheos/ai/testing';
import { startFakeTelegram } from '@psycheos/local-bot-api';
import { createTemplateDatabase, databaseUrl, dropTemplateDatabase } from '@psycheos/testkit';
import {
  bundleSize,
  rssMb,
  SERVICES,
  type ServiceName,
  startBundles,
  startOwnNats,
} from './bundles';
import { cpuSeconds } from './cpu';

export interface FootprintOptions {
  rounds: number;
  /** After the last service is up, a pause before the idle window (start-up work settles). */
  settleSeconds: number;
  /** The idle window: CPU is measured over it, memory read at its end. */
  idleSeconds: number;
}

export const FOOTPRINT_FULL: FootprintOptions = { rounds: 3, settleSeconds: 5, idleSeconds: 20 };
export const FOOTPRINT_SMOKE: FootprintOptions = { rounds: 1, settleSeconds: 1, idleSeconds: 2 };

export interface ServiceFootprint {
  service: ServiceName;
  bundleBytes: number;
  mapBytes: number;
  /** Spawn to the first 200 from /health, each round. */
  coldStartMs: number[];
  /** Resident memory at the end of the idle window, each round. */
  idleRssMb: number[];
  /** CPU while idle, as a share of one core (%), each round. */
  idleCpuPercent: number[];
}

/**
 * What each service costs before it does anything: its bundle's size, its cold start (node
 * spawned to /health answering 200, with PostgreSQL, NATS and the Bot API already up and
 * the services started before it idle), its memory and CPU at rest. Every service runs as
 * its image does (the bundle, plain node, the image's heap cap), the AI tools with a model
 * key (so their job workers run, as deployed). The whole set starts afresh each round.
 */
export async function measureFootprint(options: FootprintOptions): Promise<ServiceFootprint[]> {
  const databaseName = await createTemplateDatabase();
  const telegram = await startFakeTelegram();
  const anthropic = await startFakeAnthropic();
  const nats = await startOwnNats();
  const results = new Map<ServiceName, ServiceFootprint>(
    SERVICES.map((service) => {
      const size = bundleSize(service);
      return [
        service,
        {
          service,
          bundleBytes: size.main,
          mapBytes: size.map,
          coldStartMs: [],
          idleRssMb: [],
          idleCpuPercent: [],
        },
      ];
    }),
  );
  try {
    for (let round = 0; round < options.rounds; round += 1) {
      const { services, stop } = await startBundles(SERVICES, {
        databaseUrl: databaseUrl(databaseName),
        telegramApiRoot: telegram.apiRoot,
        anthropicUrl: anthropic.url,
        natsUrl: nats.url,
      });
      try {
        await new Promise((resolve) => setTimeout(resolve, options.settleSeconds * 1000));
        const before = new Map(
          [...services].map(([name, s]) => [name, cpuSeconds(s.process.child.pid ?? 0)]),
        );
        await new Promise((resolve) => setTimeout(resolve, options.idleSeconds * 1000));
        for (const [name, service] of services) {
          const result = results.get(name);
          if (!result) continue;
          const pid = service.process.child.pid;
          result.coldStartMs.push(service.coldStartMs);
          result.idleRssMb.push(rssMb(pid));
          const used = cpuSeconds(pid ?? 0) - (before.get(name) ?? 0);
          result.idleCpuPercent.push((100 * used) / options.idleSeconds);
        }
      } finally {
        await stop();
      }
    }
  } finally {
    await nats.stop();
    await anthropic.stop();
    await telegram.close();
    await dropTemplateDatabase(databaseName);
  }
  return [...results.values()];
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
