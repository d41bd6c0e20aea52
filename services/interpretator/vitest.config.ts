import { defineConfig } from 'vitest/config';
import { projectTestConfig } from '../../vitest.shared';

export default defineConfig({ test: projectTestConfig('interpretator') });
