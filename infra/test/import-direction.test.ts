import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config/variables-read';

const run = promisify(execFile);
const DEPCRUISE = join(REPO_ROOT, 'node_modules/.bin/depcruise');
const CONFIG = join(REPO_ROOT, '.dependency-cruiser.cjs');

/** depcruise over `paths` under `cwd`: its exit code and what it printed. */
async function checkImports(cwd: string, paths: string[]) {
  try {
    const { stdout } = await run(
      DEPCRUISE,
      ['--config', CONFIG, '--output-type', 'err', ...paths],
      {
        cwd,
      },
    );
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return {
      code: failed.code,
      output: stripVTControlCharacters(`${failed.stdout}${failed.stderr}`),
    };
  }
}

/** A repository of a few files, shaped like this one, where each file imports the next. */
function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'import-direction-'));
  writeFileSync(join(root, 'tsconfig.base.json'), '{ "compilerOptions": {} }\n');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('the direction of imports (CONTRIBUTING.md)', () => {
  it('holds in this repository', async () => {
    const result = await checkImports(REPO_ROOT, [
      'libs',
      'services',
      'tests',
      'e2e',
      'bench',
      'infra',
    ]);
    expect(result.output).not.toContain('error ');
    expect(result.code).toBe(0);
  }, 120_000);

  it('is refused when a lib imports one above it, a service or its tests another service, or src the test kit', async () => {
    const root = fixture({
      'libs/platform/src/index.ts': 'export const platform = 1;\n',
      'libs/bot-runtime/src/index.ts': "export { platform } from '../../platform/src/index.ts';\n",
      'libs/db/src/index.ts': "export { platform } from '../../bot-runtime/src/index.ts';\n",
      'libs/testkit/src/index.ts': 'export const kit = 1;\n',
      'services/pro/src/app.ts': "export { kit } from '../../../libs/testkit/src/index.ts';\n",
      'services/gateway/src/main.ts': "export { kit } from '../../pro/src/app.ts';\n",
      'services/screen/test/pro.test.ts': "export { kit } from '../../pro/src/app.ts';\n",
    });
    roots.push(root);
    const result = await checkImports(root, ['libs', 'services']);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('lib-db-imports-only-platform: libs/db/src/index.ts');
    expect(result.output).toContain(
      'no-service-imports-another-service: services/gateway/src/main.ts',
    );
    expect(result.output).toContain(
      'production-code-never-imports-the-test-kit: services/pro/src/app.ts',
    );
    expect(result.output).toContain(
      'service-tests-use-another-service: services/screen/test/pro.test.ts',
    );
    // The allowed import (bot-runtime -> platform) is not reported.
    expect(result.output).not.toContain('libs/bot-runtime/src/index.ts →');
  }, 120_000);
});
