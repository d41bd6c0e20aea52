import { createHash } from 'node:crypto';

/** The terms a specialist accepts before using PsycheOS Pro, and the version it is stored under. */
export interface SpecialistTerms {
  text: string;
  version: string;
}

/** SPECIALIST_TERMS_TEXT's limit: the terms go in one message with a heading and a footer. */
export const SPECIALIST_TERMS_MAX_LENGTH = 3_500;

/**
 * The terms with their version: the first 12 hex digits of the text's SHA-256. Derived,
 * not configured, so that an edited text cannot go out under the old version (every
 * specialist is asked again), and every replica with the same text agrees on it.
 */
export function specialistTerms(text: string): SpecialistTerms {
  return { text, version: createHash('sha256').update(text).digest('hex').slice(0, 12) };
}
