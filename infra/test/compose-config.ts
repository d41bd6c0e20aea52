import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../src/config/variables-read';

export interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
  networks?: Record<string, unknown>;
  ports?: unknown[];
}

export interface ComposeResult {
  ok: boolean;
  /** What compose printed on failure. */
  error: string;
  services: Record<string, ComposeService>;
  networks: Record<string, { internal?: boolean }>;
}

/** `docker compose` (v2) when there is one, else Debian's docker-compose 1.29. */
function composeCommand(): string[] {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) {
    return ['docker', 'compose'];
  }
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0) {
    return ['docker-compose'];
  }
  throw new Error(
    'these tests validate the compose files with docker compose or docker-compose: install one (Debian/Ubuntu: apt-get install --no-install-recommends docker-compose; no Docker engine is needed)',
  );
}

/**
 * What `docker compose config` makes of the compose files with the given .env, as an
 * operator runs it: from the repository root, with nothing from this shell's environment.
 */
export function composeConfig(files: string[], dotEnv: Record<string, string>): ComposeResult {
  const dir = mkdtempSync(join(tmpdir(), 'psycheos-compose-'));
  try {
    const envFile = join(dir, '.env');
    writeFileSync(
      envFile,
      Object.entries(dotEnv)
        .map(([name, value]) => `${name}=${value}\n`)
        .join(''),
    );
    const [command, ...args] = composeCommand();
    const result = spawnSync(
      command as string,
      [...args, '--env-file', envFile, ...files.flatMap((file) => ['-f', file]), 'config'],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: dir }, encoding: 'utf8' },
    );
    const parsed =
      result.status === 0
        ? (parse(result.stdout) as Pick<ComposeResult, 'services' | 'networks'>)
        : { services: {}, networks: {} };
    return {
      ok: result.status === 0,
      error: `${result.stderr}`.trim(),
      services: parsed.services ?? {},
      networks: parsed.networks ?? {},
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
