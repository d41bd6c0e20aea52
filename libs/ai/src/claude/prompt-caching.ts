import type Anthropic from '@anthropic-ai/sdk';

const EPHEMERAL = { type: 'ephemeral' } as const;

/**
 * The API takes at most four cache breakpoints per request; the system prompt uses one
 * (it also caches the tools, which come before it in the prefix).
 */
export const MAX_MESSAGE_BREAKPOINTS = 3;

/** The system prompt as one cached block: it is the same for every call of a tool. */
export function cachedSystem(system: string): Anthropic.TextBlockParam[] {
  return [{ type: 'text', text: system, cache_control: EPHEMERAL }];
}

/**
 * The conversation with a cache breakpoint on the last block of each message named in
 * `breakpoints`: the caller marks where the stable prefix ends (e.g. the last message of the
 * summary and earlier turns), so the next call reads it from the cache instead of paying
 * for it again. The messages passed in are not changed.
 */
export function withCacheBreakpoints(
  messages: readonly Anthropic.MessageParam[],
  breakpoints: readonly number[] = [],
): Anthropic.MessageParam[] {
  if (breakpoints.length > MAX_MESSAGE_BREAKPOINTS) {
    throw new RangeError(
      `at most ${MAX_MESSAGE_BREAKPOINTS} cache breakpoints, got ${breakpoints.length}`,
    );
  }
  for (const index of breakpoints) {
    if (!Number.isInteger(index) || index < 0 || index >= messages.length) {
      throw new RangeError(
        `cache breakpoint ${index} names no message (${messages.length} messages)`,
      );
    }
  }
  return messages.map((message, index) => {
    if (!breakpoints.includes(index)) return message;
    const blocks: Anthropic.ContentBlockParam[] =
      typeof message.content === 'string'
        ? [{ type: 'text', text: message.content }]
        : [...message.content];
    const last = blocks.at(-1);
    if (!last) throw new RangeError(`cache breakpoint ${index} names a message with no content`);
    blocks[blocks.length - 1] = {
      ...last,
      cache_control: EPHEMERAL,
    } as Anthropic.ContentBlockParam;
    return { ...message, content: blocks } as Anthropic.MessageParam;
  });
}
