/** Tokens one Claude call used, all attempts added up: what billing charges from. */
export interface ClaudeUsage {
  model: string;
  /** Input tokens read neither from nor into the cache. */
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** The usage fields of the Messages API (message_start, message_delta, a whole message). */
export interface ApiUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

export const noUsage = (model: string): ClaudeUsage => ({
  model,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
});

export function addUsage(total: ClaudeUsage, usage: ApiUsage | null | undefined): ClaudeUsage {
  if (!usage) return total;
  return {
    model: total.model,
    inputTokens: total.inputTokens + (usage.input_tokens ?? 0),
    outputTokens: total.outputTokens + (usage.output_tokens ?? 0),
    cacheReadTokens: total.cacheReadTokens + (usage.cache_read_input_tokens ?? 0),
    cacheWriteTokens: total.cacheWriteTokens + (usage.cache_creation_input_tokens ?? 0),
  };
}
