import type { TestProject } from 'vitest/node';
import { createTemplateDatabase, dropTemplateDatabase } from './test-database';
import { ensureTestDatabase, ensureTestNats } from './test-servers';

/**
 * Vitest globalSetup, once per test process: a PostgreSQL and a NATS server for the run
 * (those configured or at the default addresses, else ones of its own, named to the test
 * workers through the environment they inherit), and one migrated template database.
 */
export default async function setup(project: TestProject) {
  const stopDatabase = await ensureTestDatabase(process.env);
  const stopNats = await ensureTestNats(process.env).catch(async (error: unknown) => {
    await stopDatabase();
    throw error;
  });
  const template = await createTemplateDatabase();
  project.provide('templateDatabase', template);
  return async () => {
    await dropTemplateDatabase(template);
    await stopNats();
    await stopDatabase();
  };
}
