import { ConfigError } from '@psycheos/platform';
import { z } from 'zod';
import phraseData from './crisis-phrases.json' with { type: 'json' };

/**
 * Words in a row as the normalized text has them: lowercase, е for ё, one space between.
 * A word may end in * (any ending) after at least three letters, so a stem cannot swallow
 * every word that starts with «не»; a lone * between two words stands for any one word
 * («хоч* * убить»: «хочу его убить», «хочется мужа убить»).
 */
const WORD = /^(?:[a-zа-я]+\*?|\*)$/;
const patternSchema = z
  .string()
  .refine(
    (pattern) => pattern.split(' ').every((word) => WORD.test(word)),
    'must be lowercase words with one space between, е for ё, * only at the end of a word or alone',
  )
  .refine(
    (pattern) =>
      pattern.split(' ').every((word) => word === '*' || !word.endsWith('*') || word.length > 3),
    'a word ending in * needs at least three letters before it',
  )
  .refine(
    (pattern) => !pattern.startsWith('* ') && !pattern.endsWith(' *') && pattern !== '*',
    'a lone * stands between two words, never first or last',
  );

const entrySchema = z.strictObject({
  /** Stable: an alert may record it. */
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case'),
  /** What the specialist's alert names: the kind of expression, never the client's words. */
  label: z.string().trim().min(3),
  harm: z.enum(['self', 'others']),
  patterns: z.array(patternSchema).min(1),
});

const phraseFileSchema = z
  .strictObject({
    about: z.string().min(1),
    entries: z.array(entrySchema).min(1),
    idioms: z.array(patternSchema),
  })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    const patterns = new Set<string>();
    file.entries.forEach((entry, index) => {
      if (ids.has(entry.id)) {
        ctx.addIssue({ code: 'custom', path: ['entries', index, 'id'], message: 'used twice' });
      }
      ids.add(entry.id);
    });
    const written = [
      ...file.entries.flatMap((entry, index) =>
        entry.patterns.map((pattern, at) => ({
          pattern,
          path: ['entries', index, 'patterns', at],
        })),
      ),
      ...file.idioms.map((pattern, at) => ({ pattern, path: ['idioms', at] })),
    ];
    for (const { pattern, path } of written) {
      if (patterns.has(pattern)) {
        ctx.addIssue({ code: 'custom', path, message: `«${pattern}» is written twice` });
      }
      patterns.add(pattern);
    }
  });

/** One entry of the list: what an alert may name. */
export interface CrisisPhrase {
  id: string;
  label: string;
  /** Whether the words are about harming oneself or someone else. */
  harm: 'self' | 'others';
}

/** Lowercase, ё as е, every run of non-letters one space, padded: " не хочу жить ". */
export function normalizeText(text: string): string {
  const words = text
    .normalize('NFC')
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return ` ${words} `;
}

/** A pattern as a search in normalized text: whole words, a starred one with any ending. */
function compile(pattern: string, flags?: string): RegExp {
  const words = pattern
    .split(' ')
    .map((word) =>
      word === '*' ? '[^ ]+' : word.endsWith('*') ? `${word.slice(0, -1)}[^ ]*` : word,
    );
  return new RegExp(` ${words.join(' ')}(?= )`, flags);
}

/**
 * Tells whether a text reads as crisis language, and which entries of the documented list
 * in crisis-phrases.json it matched (checked when the service starts). The screen bot runs
 * it over a client's messages; the Интерпретатор over the material a specialist sends, so
 * the words are flagged whatever the model says. It errs on the side of alerting; only
 * idioms with no meaning of harm are let through.
 */
export class CrisisLanguage {
  readonly #entries: ReadonlyArray<{ phrase: CrisisPhrase; patterns: RegExp[] }>;
  readonly #idioms: RegExp[];

  constructor(data: unknown = phraseData) {
    const parsed = phraseFileSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError([`crisis-phrases.json: ${issue?.path.join('.')}: ${issue?.message}`]);
    }
    this.#entries = parsed.data.entries.map(({ id, label, harm, patterns }) => ({
      phrase: Object.freeze({ id, label, harm }),
      patterns: patterns.map((pattern) => compile(pattern)),
    }));
    this.#idioms = parsed.data.idioms.map((idiom) => compile(idiom, 'g'));
  }

  /** Every entry the message matches, in the list's order (self-harm first); [] if none. */
  findPhrases(text: string): CrisisPhrase[] {
    // An idiom becomes a token no pattern contains, so words on either side do not join up.
    const normalized = this.#idioms.reduce(
      (words, idiom) => words.replace(idiom, ' ~'),
      normalizeText(text),
    );
    return this.#entries
      .filter(({ patterns }) => patterns.some((pattern) => pattern.test(normalized)))
      .map(({ phrase }) => phrase);
  }

  /** The entry an alert names (the first that matches), or null: never the words themselves. */
  findPhrase(text: string): CrisisPhrase | null {
    return this.findPhrases(text)[0] ?? null;
  }

  isCrisis(text: string): boolean {
    return this.findPhrase(text) !== null;
  }
}
