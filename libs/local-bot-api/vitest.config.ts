import { defineConfig } from 'vitest/config';
import { projectTestConfig } from '../../vitest.shared.ts';

// Nothing here needs PostgreSQL or NATS: the shared globalSetup is not run.
export default defineConfig({
  test: { ...projectTestConfig('local-bot-api'), globalSetup: [] },
});
