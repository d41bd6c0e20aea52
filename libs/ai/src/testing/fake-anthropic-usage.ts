import { createHash } from 'node:crypto';

/** Usage as the Messages API reports it. */
export interface FakeUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** A rough token count (about four characters a token), enough for plausible figures. */
export const countTokens = (text: string) => Math.ceil(text.length / 4);

interface Segment {
  key: string;
  tokens: number;
  isBreakpoint: boolean;
}

/**
 * Prompt caching as the API does it, in miniature: the request is read as one prefix in the
 * API's order (tools, system, messages), and each block marked with `cache_control` ends a
 * cacheable prefix. The longest marked prefix seen before is a cache read; the part of the
 * last marked prefix beyond it is a cache write; the rest is plain input.
 * `minCacheableTokens` is the API's floor (1024 for Sonnet); the fake's default is 0 so that
 * short test prompts cache too.
 */
export class FakePromptCache {
  readonly #written = new Set<string>();

  constructor(private readonly minCacheableTokens = 0) {}

  inputUsage(body: Record<string, unknown>): Omit<FakeUsage, 'output_tokens'> {
    const segments = segmentsOf(body);
    const total = segments.reduce((sum, segment) => sum + segment.tokens, 0);
    const hash = createHash('sha256').update(String(body.model));
    const prefixes: { id: string; tokens: number }[] = [];
    let tokens = 0;
    for (const segment of segments) {
      hash.update(segment.key);
      tokens += segment.tokens;
      if (segment.isBreakpoint && tokens >= this.minCacheableTokens) {
        prefixes.push({ id: hash.copy().digest('hex'), tokens });
      }
    }
    const read = prefixes.filter((prefix) => this.#written.has(prefix.id)).at(-1)?.tokens ?? 0;
    const longest = prefixes.at(-1);
    const written = longest && !this.#written.has(longest.id) ? longest.tokens - read : 0;
    for (const prefix of prefixes) this.#written.add(prefix.id);
    return {
      input_tokens: total - read - written,
      cache_creation_input_tokens: written,
      cache_read_input_tokens: read,
    };
  }
}

function segmentsOf(body: Record<string, unknown>): Segment[] {
  const segments: Segment[] = [];
  const add = (value: unknown) => {
    const { cache_control, ...content } = (value ?? {}) as Record<string, unknown>;
    const key = typeof value === 'string' ? value : JSON.stringify(content);
    segments.push({ key, tokens: countTokens(key), isBreakpoint: Boolean(cache_control) });
  };
  for (const tool of asArray(body.tools)) add(tool);
  for (const block of asArray(body.system)) add(block);
  for (const message of asArray(body.messages)) {
    const { role, content } = message as { role?: unknown; content?: unknown };
    segments.push({ key: String(role), tokens: 1, isBreakpoint: false });
    for (const block of asArray(content)) add(block);
  }
  return segments;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
