import { loadPrompts } from '@psycheos/ai';

/** The Интерпретатор's prompts, from services/interpretator/prompts (beside src/ and dist/). */
export const prompts = loadPrompts(new URL('../prompts/', import.meta.url), [
  'interpretation',
  'follow-up',
] as const);
