import { defineConfig } from 'vitest/config';
import { projectTestConfig } from '../../vitest.shared.ts';

// Scoring, data files and the chart need no database: no PostgreSQL is started for them.
export default defineConfig({ test: { ...projectTestConfig('screening'), globalSetup: [] } });
