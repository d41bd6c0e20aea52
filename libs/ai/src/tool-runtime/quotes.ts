/**
 * What is compared when a model's quote is looked up in its source: case, runs of
 * whitespace, the kinds of quotation marks and dashes, and ё/е differ between a model's
 * copy and its source without changing the words. Anything else (a word changed, a
 * paraphrase) makes the quote not found. Shared by the tools that check quotes.
 */
export function normalizeForQuote(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[«»„“”"'‘’`]/g, '')
    .replace(/[‐‑‒–—―-]/g, '-')
    .replace(/…/g, '...')
    .replace(/\s+/g, ' ')
    .trim();
}
