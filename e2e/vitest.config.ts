import { defineConfig } from 'vitest/config';
import { projectTestConfig } from '../vitest.shared.ts';

/**
 * Each test file starts the whole platform (seven processes, PostgreSQL, NATS): one file at
 * a time, so two platforms never share two cores, with room for a start on a loaded machine.
 */
export default defineConfig({
  test: {
    ...projectTestConfig('e2e'),
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
});
