import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PostgresBinaries } from './postgres-binaries';
import { OWN_DATABASE, PostgresStartError } from './postgres-start-error';
import { canEnter, type ServerAccount } from './server-account';

/** Under root, where binaries and clusters go when the server account cannot reach ours. */
export const ROOT_SHARED_DIR = '/var/lib/psycheos';

export interface Placement {
  binaries: PostgresBinaries;
  clusterDir: string;
  /** Set when the cluster lives outside the data folder, so the operator can be told where. */
  relocated: boolean;
}

/**
 * Where the cluster and the programs live so that the account PostgreSQL runs as can reach
 * them. As a normal user that is simply `<dataDir>/postgres`. Under root, PostgreSQL runs as
 * another account, which cannot pass through a private folder such as a 0700 /root where a
 * checkout often sits: then the programs are copied once to `sharedDir` and the cluster is
 * kept under `sharedDir/clusters/`, named after the data folder so every start finds it again.
 * We never loosen the permissions of a folder we did not make.
 */
export async function placeCluster(options: {
  dataDir: string;
  binaries: PostgresBinaries;
  account: ServerAccount | null;
  sharedDir: string;
}): Promise<Placement> {
  const { dataDir, account } = options;
  const preferred = join(dataDir, 'postgres');
  // Made by us: passable (not readable) by the server account, as Debian's /var/lib/postgresql is.
  await mkdir(dataDir, { recursive: true, mode: account ? 0o711 : 0o755 });
  if (!account) {
    await mkdir(preferred, { recursive: true, mode: 0o700 });
    return { binaries: options.binaries, clusterDir: preferred, relocated: false };
  }
  const binaries = canEnter(account, options.binaries.root)
    ? options.binaries
    : await copyBinaries(options.binaries, options.sharedDir, account);
  const relocated = !canEnter(account, dataDir);
  const clusterDir = relocated
    ? join(await sharedFolder(options.sharedDir, 'clusters'), clusterName(dataDir))
    : preferred;
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  await chown(clusterDir, account.uid, account.gid);
  if (!canEnter(account, clusterDir)) {
    throw new PostgresStartError(
      `the "${account.name}" account PostgreSQL runs as cannot reach ${clusterDir}`,
      `let it pass through the folders above it, run npm start as a normal user, ${OWN_DATABASE}`,
    );
  }
  return { binaries, clusterDir, relocated };
}

/** A stable, readable name per data folder: `psycheos-data-<hash of the full path>` for /root/psycheos/.data. */
function clusterName(dataDir: string): string {
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const readable = dataDir
    .split('/')
    .filter(Boolean)
    .slice(-2)
    .map((part) => part.replace(/^\.+/, '').replace(/[^A-Za-z0-9_-]/g, '_'))
    .filter(Boolean);
  return [...readable, hash].join('-');
}

/** A root-owned folder everyone may pass through and read, whatever the umask. */
async function sharedFolder(...parts: string[]): Promise<string> {
  const dir = join(...parts);
  await mkdir(dir, { recursive: true });
  await chmod(parts[0] as string, 0o755);
  await chmod(dir, 0o755);
  return dir;
}

/** Copied once per version (about 60 MB), into a temporary name first so a half copy is never used. */
async function copyBinaries(
  binaries: PostgresBinaries,
  sharedDir: string,
  account: ServerAccount,
): Promise<PostgresBinaries> {
  const root = join(await sharedFolder(sharedDir), `postgres-${binaries.version}`);
  if (!existsSync(join(root, 'bin', 'postgres'))) {
    const partial = `${root}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await cp(binaries.root, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    await rm(root, { recursive: true, force: true });
    await rename(partial, root);
  }
  if (!canEnter(account, root)) {
    throw new PostgresStartError(
      `the "${account.name}" account PostgreSQL runs as cannot reach ${root}`,
      `let it pass through ${sharedDir}, run npm start as a normal user, ${OWN_DATABASE}`,
    );
  }
  return {
    ...binaries,
    root,
    initdb: join(root, 'bin', 'initdb'),
    postgres: join(root, 'bin', 'postgres'),
  };
}
