export {
  type Claude,
  type ClaudeLogger,
  type ClaudeOptions,
  type ClaudeResult,
  createClaude,
  DEFAULT_ANTHROPIC_BASE_URL,
  DEFAULT_CLAUDE_MODEL,
  type StreamMessageRequest,
} from './claude';
export {
  ClaudeError,
  ClaudeNotConfiguredError,
  ClaudeRejectedError,
  type ClaudeRetryReason,
  ClaudeUnavailableError,
} from './claude-errors';
export type { ClaudeUsage } from './claude-usage';
export { MAX_MESSAGE_BREAKPOINTS } from './prompt-caching';
