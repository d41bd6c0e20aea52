import type { TestProject } from 'vitest/node';
import { createTemplateDatabase, dropTemplateDatabase } from './test-database';

/** Vitest globalSetup: one migrated template database per test run. */
export default async function setup(project: TestProject) {
  const template = await createTemplateDatabase();
  project.provide('templateDatabase', template);
  return async () => {
    await dropTemplateDatabase(template);
  };
}
