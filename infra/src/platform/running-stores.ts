import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * `<dataDir>/running.env`: where the stores of a running `npm start` are (DATABASE_URL and
 * NATS_URL), so an operator's command run beside it (`npm run parked-events`, `npm run
 * migrate`) reaches the same embedded PostgreSQL and nats-server without being told: the
 * nats-server's port changes at every start, and neither URL is in `.env`. Written once the
 * stores are up, readable by this user alone (it holds the database password), and removed
 * when the platform stops.
 */
const FILE_NAME = 'running.env';

export function writeRunningStores(
  dataDir: string,
  stores: { databaseUrl?: string; natsUrl?: string },
): void {
  const lines = [
    '# Written by npm start while it runs; removed when it stops. Do not edit.',
    ...(stores.databaseUrl ? [`DATABASE_URL=${stores.databaseUrl}`] : []),
    ...(stores.natsUrl ? [`NATS_URL=${stores.natsUrl}`] : []),
  ];
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, FILE_NAME), `${lines.join('\n')}\n`, { mode: 0o600 });
}

export function removeRunningStores(dataDir: string): void {
  rmSync(join(dataDir, FILE_NAME), { force: true });
}

/**
 * Loads a running `npm start`'s stores into process.env where they are not set (by the
 * environment or .env, which win): the data folder is PSYCHEOS_DATA_DIR, or `.data` at the
 * repository's root, as npm start takes it. Returns the file when it was read.
 */
export function loadRunningStores(): string | undefined {
  const dataDir = resolve(REPO_ROOT, process.env.PSYCHEOS_DATA_DIR ?? '.data');
  const file = join(dataDir, FILE_NAME);
  if (!existsSync(file)) return undefined;
  process.loadEnvFile(file);
  return file;
}
