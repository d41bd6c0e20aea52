import { BOT_IDS, type BotId, ConfigError, isBotId } from '@psycheos/platform';

/**
 * The most copies of one bot npm start runs. Each is a Node process of about 130 MB that
 * shares this machine's cores with the rest; more copies than that on one machine is a typo
 * (`pro=20`) rather than a plan. Past one machine, replicas are the cluster's business
 * (docs/DEPLOYMENT.md, Kubernetes).
 */
export const MAX_LOCAL_REPLICAS = 8;

const EXAMPLE = 'e.g. pro=2,interpretator=2';

/**
 * PSYCHEOS_REPLICAS (`pro=2,interpretator=2`): how many copies of each bot npm start runs,
 * each on a loopback port of its own, each supervised on its own; a bot not named runs once.
 * Read once, before anything starts, so a mistake is one line and nothing half-started.
 */
export function parseReplicaCounts(raw: string | undefined): ReadonlyMap<BotId, number> {
  const counts = new Map<BotId, number>();
  const problems: string[] = [];
  for (const entry of (raw ?? '').split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const [name = '', count = '', ...rest] = entry.split('=').map((part) => part.trim());
    if (rest.length > 0 || count === '') {
      problems.push(`PSYCHEOS_REPLICAS must be bot=count pairs separated by commas, ${EXAMPLE}`);
    } else if (!isBotId(name)) {
      problems.push(`PSYCHEOS_REPLICAS names "${name}", which is no bot (${BOT_IDS.join(', ')})`);
    } else if (counts.has(name)) {
      problems.push(`PSYCHEOS_REPLICAS names ${name} twice`);
    } else if (!/^[1-9]\d*$/.test(count) || Number(count) > MAX_LOCAL_REPLICAS) {
      problems.push(`PSYCHEOS_REPLICAS gives ${name} ${count} copies: 1 to ${MAX_LOCAL_REPLICAS}`);
    } else {
      counts.set(name, Number(count));
    }
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return counts;
}

/**
 * What npm start calls each copy in its output and its lines: `pro` for a bot that runs
 * once (as before replicas), `pro#1`, `pro#2` for one that runs several times.
 */
export function replicaNames(botId: BotId, count: number): string[] {
  if (count <= 1) return [botId];
  return Array.from({ length: count }, (_, index) => `${botId}#${index + 1}`);
}
