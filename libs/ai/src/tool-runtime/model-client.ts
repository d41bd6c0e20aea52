import type Anthropic from '@anthropic-ai/sdk';
import type { TokenUsage } from './usage';

export type MessageParam = Anthropic.MessageParam;
export type ToolParam = Anthropic.Tool;
export type ToolChoiceParam = Anthropic.ToolChoice;

/** What a tool asks the model: the system prompt and conversation, and the shape of the answer. */
export interface ModelRequest {
  system: string;
  messages: MessageParam[];
  /** Indexes of messages that end a stable prefix: cached (cache_control) up to there. */
  cacheBreakpoints?: number[];
  tools?: ToolParam[];
  toolChoice?: ToolChoiceParam;
  maxTokens: number;
}

export interface ModelOutput {
  text: string;
  /** The arguments of the tool the model called, when it answered through one. */
  toolInput?: unknown;
  stopReason: string | null;
  usage: TokenUsage;
  attempts: number;
}

export interface StreamCallbacks {
  onText?: (delta: string, accumulated: string) => void;
  /** The structured answer so far, parsed from the partial JSON. */
  onToolInput?: (partial: unknown) => void;
  /** A retry starts the answer again. */
  onRetry?: (attempt: number, reason: string) => void;
  signal?: AbortSignal;
}

/** Claude as the tools use it (libs/ai/claude): one streamed request, retried inside. */
export interface ModelClient {
  readonly model: string;
  streamMessage(request: ModelRequest & StreamCallbacks): Promise<ModelOutput>;
}
