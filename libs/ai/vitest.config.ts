import { defineConfig } from 'vitest/config';
import { projectTestConfig } from '../../vitest.ai.ts';

export default defineConfig({ test: projectTestConfig('ai') });
