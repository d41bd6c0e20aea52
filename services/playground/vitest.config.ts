import { defineConfig } from 'vitest/config';
import { projectTestConfig } from '../../vitest.shared.ts';

// The browser test starts the whole platform (npm start, no tokens) like the e2e suite.
export default defineConfig({
  test: { ...projectTestConfig('playground'), testTimeout: 240_000, hookTimeout: 240_000 },
});
