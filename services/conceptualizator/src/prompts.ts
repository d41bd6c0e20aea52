import { loadPrompts } from '@psycheos/ai';

/** The Концептуализатор's prompts, from services/conceptualizator/prompts (beside src/ and dist/). */
export const prompts = loadPrompts(new URL('../prompts/', import.meta.url), [
  'conceptualization',
  'revision',
] as const);
