import { defineConfig } from 'vitest/config';
import { projectTestConfig } from '../vitest.shared.ts';

// `docker-compose config` over every bot's file and `kubectl kustomize` take seconds each, and
// many more while the other projects' tests share the two cores.
export default defineConfig({ test: { ...projectTestConfig('infra'), testTimeout: 60_000 } });
