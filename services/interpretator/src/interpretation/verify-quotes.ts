import { normalizeForQuote } from '@psycheos/ai';
import type { Interpretation, Quote } from './interpretation-schema';

export function isQuoteInMaterial(quote: string, normalizedMaterial: string): boolean {
  const needle = normalizeForQuote(quote)
    .replace(/^\.+|\.+$/g, '')
    .trim();
  return needle.length > 0 && normalizedMaterial.includes(needle);
}

const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
const asObjects = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value)
    ? value.filter(
        (item): item is Record<string, unknown> => typeof item === 'object' && item !== null,
      )
    : [];
const asText = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The model's structured answer, read defensively (it may be partial while streaming, or
 * off-schema), with every quote checked against the material on the server: the model's
 * word that it quoted is not taken.
 */
export function readInterpretation(input: unknown, material: string): Interpretation {
  const source =
    typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const haystack = normalizeForQuote(material);
  const quotes = (value: unknown): Quote[] =>
    asStrings(value).map((text) => ({ text, found: isQuoteInMaterial(text, haystack) }));
  return {
    summary: asText(source.summary),
    hypotheses: asObjects(source.hypotheses).map((item) => ({
      title: asText(item.title),
      explanation: asText(item.explanation),
      evidence: quotes(item.evidence),
    })),
    alternatives: asObjects(source.alternatives).map((item) => ({
      reading: asText(item.reading),
      evidence: quotes(item.evidence),
    })),
    questions: asStrings(source.questions),
    risks: asObjects(source.risks).map((item) => ({
      indicator: asText(item.indicator),
      toClarify: asText(item.to_clarify),
      evidence: quotes(item.evidence),
    })),
  };
}

/** The answer is structured enough to show as one: something in it besides empty lists. */
export const hasStructure = (interpretation: Interpretation): boolean =>
  interpretation.hypotheses.length > 0 ||
  interpretation.risks.length > 0 ||
  interpretation.alternatives.length > 0;
