import { defineConfig } from 'vitest/config';
import { projectTestConfig } from '../../vitest.shared.ts';

// libs/ai's tests need no database or NATS: its only servers are the in-process fakes.
export default defineConfig({ test: { ...projectTestConfig('ai'), globalSetup: [] } });
