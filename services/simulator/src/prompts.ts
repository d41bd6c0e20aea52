import { loadPrompts } from '@psycheos/ai';

/** The Симулятор's prompts, from services/simulator/prompts (beside src/ and dist/). */
export const prompts = loadPrompts(new URL('../prompts/', import.meta.url), [
  'client-roleplay',
  'persona-builder',
  'supervision',
] as const);
