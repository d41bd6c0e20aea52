import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { OWN_DATABASE, PostgresStartError } from './postgres-start-error';

const run = promisify(execFile);

/** The account PostgreSQL runs as when we are root. */
export interface ServerAccount {
  name: string;
  uid: number;
  gid: number;
}

const ACCOUNT = 'postgres';

/**
 * PostgreSQL refuses to run as root. Under root (a container, a fresh VM) it runs as the
 * conventional "postgres" system account, created when missing; otherwise as whoever runs
 * us, and this is null.
 */
export async function serverAccount(): Promise<ServerAccount | null> {
  if (process.getuid?.() !== 0) return null;
  const existing = await lookUp(ACCOUNT);
  if (existing) return existing;
  for (const [program, ...args] of accountCreators(await groupExists(ACCOUNT))) {
    const created = await run(program, args).then(
      () => true,
      () => false,
    );
    if (created) break;
  }
  const account = await lookUp(ACCOUNT);
  if (account) return account;
  throw new PostgresStartError(
    `running as root, PostgreSQL needs a "${ACCOUNT}" account to run as and it could not be created`,
    `create one (useradd --system ${ACCOUNT}), run npm start as a normal user, ${OWN_DATABASE}`,
  );
}

/** Debian, Fedora and the like have useradd; Alpine's busybox has adduser. */
function accountCreators(hasGroup: boolean): [string, ...string[]][] {
  const group = hasGroup ? ['--gid', ACCOUNT] : ['--user-group'];
  return [
    ['useradd', '--system', ...group, '--no-create-home', '--shell', '/usr/sbin/nologin', ACCOUNT],
    ['adduser', '-S', '-D', '-H', ACCOUNT],
  ];
}

async function lookUp(name: string): Promise<ServerAccount | null> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return null;
  }
}

async function groupExists(name: string): Promise<boolean> {
  return run('getent', ['group', name]).then(
    () => true,
    () => false,
  );
}

/**
 * Whether the account can reach `dir`: every folder above it must let it pass. Asked of
 * the system itself (a `test -x` run as that account) rather than worked out from modes,
 * so ACLs, groups and mounts are all taken into account.
 */
export function canEnter(account: ServerAccount, dir: string): boolean {
  const result = spawnSync('test', ['-x', dir], {
    uid: account.uid,
    gid: account.gid,
    stdio: 'ignore',
  });
  return result.status === 0;
}
