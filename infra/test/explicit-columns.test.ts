import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config/variables-read';

/**
 * Kysely's `select *` and `returning *`. The services prepare each statement once per
 * connection (libs/db/src/prepared-statements.ts); behind PgBouncer 1.21+ with prepared
 * statements on, those live on PgBouncer's server connections, and once a migration adds a
 * column, every prepared `select *` of that table fails ("cached plan must not change result
 * type") until PgBouncer recycles them. A query that names its columns reads the same columns
 * after the migration, so an added column is harmless.
 */
const ALL_COLUMNS = /\.(selectAll|returningAll)\s*\(/;

/** Only tests run the test kit's and libs' testing/ queries, never behind PgBouncer. */
const isTestOnly = (dir: string) => dir === 'libs/testkit/src' || dir.endsWith('/testing');

/** Every `.selectAll(` and `.returningAll(` in libs/*\/src and services/*\/src, as file:line. */
function queriesOfAllColumns(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    if (isTestOnly(relative(root, dir))) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) {
        readFileSync(path, 'utf8')
          .split('\n')
          .forEach((line, index) => {
            if (ALL_COLUMNS.test(line)) found.push(`${relative(root, path)}:${index + 1}`);
          });
      }
    }
  };
  for (const parent of ['libs', 'services']) {
    for (const project of readdirSync(join(root, parent))) {
      const src = join(root, parent, project, 'src');
      if (existsSync(src)) visit(src);
    }
  }
  return found;
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('queries name their columns', () => {
  it('in every production query of libs and services', () => {
    // Name the columns the callers read: `.select(['a', 'b'])`, or a shared `X_COLUMNS`
    // list (CASE_COLUMNS in libs/db) where a function returns the whole row.
    expect(queriesOfAllColumns(REPO_ROOT)).toEqual([]);
  });

  it('is refused for a selectAll or returningAll added anywhere but test code', () => {
    const root = mkdtempSync(join(tmpdir(), 'explicit-columns-'));
    roots.push(root);
    const files: Record<string, string> = {
      'libs/billing/src/ledger.ts':
        "export const q = (db) =>\n  db.selectFrom('credit_ledger')\n    .selectAll()\n    .execute();\n",
      'services/pro/src/data/cases.ts':
        "export const q = (db) => db.insertInto('contexts').values({}).returningAll().execute();\n",
      'services/pro/src/data/named.ts':
        "export const q = (db) => db.selectFrom('contexts').select(['context_id']).execute();\n",
      'libs/testkit/src/seed.ts': "export const q = (db) => db.selectFrom('users').selectAll();\n",
      'libs/ai/src/testing/fake.ts':
        "export const q = (db) => db.selectFrom('users').selectAll();\n",
      'services/pro/test/cases.test.ts': "db.selectFrom('contexts').selectAll();\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    expect(queriesOfAllColumns(root).sort()).toEqual([
      'libs/billing/src/ledger.ts:3',
      'services/pro/src/data/cases.ts:1',
    ]);
  });
});
