import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOT_IDS, envSuffix } from '@psycheos/platform';
import { REPO_ROOT } from './variables-read';

/**
 * The variables named in the first column of the README's configuration table, with
 * `<BOT>` spelled out for each bot (`TG_TOKEN_<BOT>` is TG_TOKEN_PRO, TG_TOKEN_SCREEN, ...).
 */
export function variablesInReadmeTable(): string[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Configuration'));
  if (!section) throw new Error('README.md has no "## Configuration" section');
  const names = new Set<string>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('|')) continue;
    const firstCell = line.split('|')[1] ?? '';
    for (const [, name] of firstCell.matchAll(/`([A-Z][A-Z0-9_<>]*)`/g)) {
      if (!name) continue;
      for (const expanded of expandBot(name)) names.add(expanded);
    }
  }
  return [...names].sort();
}

/** Every variable .env.example names, set or commented out. */
export function variablesInEnvExample(): string[] {
  const text = readFileSync(join(REPO_ROOT, '.env.example'), 'utf8');
  const names = new Set<string>();
  for (const [, name] of text.matchAll(/^#?\s?([A-Z][A-Z0-9_]*)=/gm)) if (name) names.add(name);
  return [...names].sort();
}

/** What docker-compose.yml and infra/compose/*.yml take from .env (`${NAME...}`). */
export function variablesInComposeFiles(files: readonly string[]): string[] {
  const names = new Set<string>();
  for (const file of files) {
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    for (const [, name] of text.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)) if (name) names.add(name);
  }
  return [...names].sort();
}

function expandBot(name: string): string[] {
  return name.includes('<BOT>')
    ? BOT_IDS.map((botId) => name.replace('<BOT>', envSuffix(botId)))
    : [name];
}
