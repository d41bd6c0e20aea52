import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The test settings every project shares: one migrated template database per run
 * (each test file clones its own), and a JSON report that .ci/run adds up.
 */
export function projectTestConfig(project: string): ViteUserConfig['test'] {
  return {
    include: ['test/**/*.test.ts'],
    globalSetup: [`${root}libs/testkit/src/global-setup.ts`],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: `${root}.vitest-reports/${project}.json` },
  };
}
