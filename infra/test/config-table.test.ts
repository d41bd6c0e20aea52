import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  variablesInComposeFiles,
  variablesInEnvExample,
  variablesInReadmeTable,
} from '../src/config/documented-variables';
import {
  DEPLOYABLES,
  REPO_ROOT,
  variablesInSource,
  variablesOf,
  variablesReadBy,
} from '../src/config/variables-read';
import { runWebhookCommand } from '../src/webhooks/webhook-command';

/** Read by programs other than ours: node itself, and docker compose's own settings. */
const READ_OUTSIDE_OUR_CODE = ['NODE_OPTIONS', 'COMPOSE_FILE'];

/** Everything anything in the platform reads from its environment. */
function variablesTheCodeReads(): string[] {
  const composeFiles = [
    'docker-compose.yml',
    ...readdirSync(join(REPO_ROOT, 'infra/compose'))
      .filter((name) => name.endsWith('.yml'))
      .map((name) => `infra/compose/${name}`),
  ];
  const names = new Set<string>([
    ...DEPLOYABLES.flatMap((deployable) => variablesOf(deployable).map((use) => use.name)),
    // npm run set-webhooks
    ...variablesReadBy((env) =>
      runWebhookCommand({ mode: 'set', bots: [], dropPendingUpdates: false }, env, () => {}),
    ).map((use) => use.name),
    // npm start, npm run migrate, npm run parked-events
    ...variablesInSource(join(REPO_ROOT, 'infra/src')),
    ...variablesInComposeFiles(composeFiles),
    ...READ_OUTSIDE_OUR_CODE,
  ]);
  return [...names].sort();
}

describe("the README's configuration table", () => {
  it('names every variable the code reads', () => {
    const documented = new Set(variablesInReadmeTable());
    // Each needs a row in README.md's "Configuration" table (and a line in .env.example).
    expect(variablesTheCodeReads().filter((name) => !documented.has(name))).toEqual([]);
  });

  it('names no variable that nothing reads', () => {
    const read = new Set(variablesTheCodeReads());
    expect(variablesInReadmeTable().filter((name) => !read.has(name))).toEqual([]);
  });

  it('is where every variable of .env.example is explained', () => {
    const documented = new Set(variablesInReadmeTable());
    expect(variablesInEnvExample().filter((name) => !documented.has(name))).toEqual([]);
  });
});
