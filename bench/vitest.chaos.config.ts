import { defineConfig } from 'vitest/config';
import { projectTestConfig } from '../vitest.shared.ts';

/** npm run chaos: the slow fault tests, kept out of npm test. */
export default defineConfig({
  test: { ...projectTestConfig('chaos'), include: ['chaos/**/*.chaos.ts'], testTimeout: 180_000 },
});
