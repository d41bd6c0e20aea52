import { ConfigError } from '@psycheos/shared';
import { z } from 'zod';
import phraseData from './crisis-phrases.json' with { type: 'json' };

const phraseFileSchema = z.strictObject({
  about: z.string().min(1),
  stems: z.array(z.string().trim().min(3)).min(1),
  phrases: z.array(z.string().trim().min(3)).min(1),
});

/** Lowercase, ё as е, every run of non-letters one space, padded: " не хочу жить ". */
export function normalizeText(text: string): string {
  const words = text
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return ` ${words} `;
}

/**
 * Tells whether a client's message reads as crisis language, by the documented list in
 * crisis-phrases.json (checked when the service starts). Matching is word-prefixed, so
 * inflected forms count; it errs on the side of alerting.
 */
export class CrisisLanguage {
  readonly #patterns: string[];

  constructor(data: unknown = phraseData) {
    const parsed = phraseFileSchema.safeParse(data);
    if (!parsed.success) {
      throw new ConfigError([
        `crisis-phrases.json: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
      ]);
    }
    // A leading space anchors each to the start of a word; the end stays open (a stem).
    this.#patterns = [...parsed.data.stems, ...parsed.data.phrases].map((entry) =>
      normalizeText(entry).trimEnd(),
    );
  }

  isCrisis(text: string): boolean {
    const normalized = normalizeText(text);
    return this.#patterns.some((pattern) => normalized.includes(pattern));
  }
}
