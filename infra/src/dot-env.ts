import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Loads PSYCHEOS_ENV_FILE (default: .env at the repository's root) into process.env, as
 * `npm start`, `npm run migrate` and `npm run set-webhooks` all do; variables already set
 * win, as in every deployment dashboard. A missing file is fine; an unreadable one is an
 * error naming the file.
 */
export function loadDotEnv(): string {
  const file = resolve(REPO_ROOT, process.env.PSYCHEOS_ENV_FILE ?? '.env');
  try {
    if (existsSync(file)) process.loadEnvFile(file);
  } catch (error) {
    throw new Error(`cannot read ${file} (${(error as Error).message}): fix that line`);
  }
  return file;
}
