import { type Framework, loadFrameworks } from './conceptualization/framework';

/** The frameworks the specialist can pick, from services/conceptualizator/frameworks (checked at start). */
export const frameworks: readonly Framework[] = loadFrameworks(
  new URL('../frameworks/', import.meta.url),
);

export const findFramework = (id: unknown): Framework | undefined =>
  frameworks.find((framework) => framework.id === id);
