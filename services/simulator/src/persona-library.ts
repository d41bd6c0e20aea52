/** Where the persona library lives: services/simulator/personas (beside src/ and dist/). */
export const PERSONAS_DIR = new URL('../personas/', import.meta.url);
