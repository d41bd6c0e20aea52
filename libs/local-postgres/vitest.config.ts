import { defineConfig } from 'vitest/config';
import { projectTestConfig } from '../../vitest.shared.ts';

// This lib is what the shared globalSetup starts PostgreSQL with, so its own tests run without it.
export default defineConfig({
  test: { ...projectTestConfig('local-postgres'), globalSetup: [], testTimeout: 120_000 },
});
