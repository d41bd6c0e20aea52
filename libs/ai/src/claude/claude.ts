import Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_ANTHROPIC_MODEL } from '@psycheos/bot-runtime';
import {
  ClaudeNotConfiguredError,
  ClaudeRejectedError,
  type ClaudeRetryReason,
  ClaudeUnavailableError,
} from './claude-errors';
import { type ApiUsage, addUsage, type ClaudeUsage, noUsage } from './claude-usage';
import { cachedSystem, withCacheBreakpoints } from './prompt-caching';
import { judgeFailure, type RetryPolicy, retryDelay } from './retry-policy';

/** The service config's default (the newest Sonnet @anthropic-ai/sdk 1.14 names). */
export const DEFAULT_CLAUDE_MODEL = DEFAULT_ANTHROPIC_MODEL;
export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com';

/** What the call logs: operational facts only (attempt, reason, status, wait), never text. */
export interface ClaudeLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface ClaudeOptions {
  /** ANTHROPIC_API_KEY; without one the client is built but every call is refused at once. */
  apiKey: string | null | undefined;
  /** ANTHROPIC_BASE_URL (a proxy, or the fake API in tests); default the real API. */
  baseURL?: string | null;
  model: string;
  /** How long an attempt may wait for the first byte, or for the next event of a stream. */
  timeoutMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  logger: ClaudeLogger;
  /** The wait between attempts, passed in so tests need not sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** The jitter's randomness, passed in so tests can pin it. */
  random?: () => number;
  retry?: Partial<Omit<RetryPolicy, 'maxAttempts'>>;
}

export interface StreamMessageRequest {
  system: string;
  messages: readonly Anthropic.MessageParam[];
  tools?: Anthropic.Tool[];
  toolChoice?: Anthropic.ToolChoice;
  maxTokens: number;
  /**
   * Indexes of the messages that end a stable prefix of the conversation (at most 3): each
   * gets a cache breakpoint, so the next call reads that prefix from the cache. The system
   * prompt (and the tools before it) is always cached.
   */
  cacheBreakpoints?: readonly number[];
  /** Each piece of text as it arrives, with the text of this attempt so far. */
  onText?: (delta: string, accumulatedText: string) => void;
  /** The tool call's arguments so far, parsed from the partial JSON as it streams. */
  onToolInput?: (partialInput: unknown) => void;
  /**
   * An attempt failed and attempt `attempt` follows after `delayMs`: the text shown so far
   * came from the failed attempt, so a draft should be reset (the next attempt starts over).
   */
  onRetry?: (attempt: number, reason: ClaudeRetryReason, delayMs: number) => void;
  /** Aborts the call (e.g. the job is cancelled): not retried, the abort error is thrown. */
  signal?: AbortSignal;
}

export interface ClaudeResult {
  /** The answer's text blocks, joined. */
  text: string;
  /** The input of the first tool_use block, when the model called a tool. */
  toolInput?: unknown;
  stopReason: string | null;
  /** Tokens of every attempt that used any, the failed ones included. */
  usage: ClaudeUsage;
  attempts: number;
}

export interface Claude {
  /** False without an API key: the tool says AI is not configured instead of calling. */
  readonly isConfigured: boolean;
  readonly model: string;
  /**
   * One answer from Claude, streamed, with the retry policy applied (retry-policy.ts).
   * Throws ClaudeUnavailableError after the last failed attempt, ClaudeRejectedError when the
   * API refuses the request itself, ClaudeNotConfiguredError without a key.
   */
  streamMessage(request: StreamMessageRequest): Promise<ClaudeResult>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Claude through @anthropic-ai/sdk with the retry policy in our hands: the SDK's own retries
 * are off (maxRetries 0) because they cannot cover a stream that fails half-way, and a policy
 * we own is one we can test.
 */
export function createClaude(options: ClaudeOptions): Claude {
  if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1) {
    throw new RangeError(
      `maxAttempts must be a whole number of at least 1, got ${options.maxAttempts}`,
    );
  }
  if (!(options.timeoutMs > 0))
    throw new RangeError(`timeoutMs must be positive, got ${options.timeoutMs}`);
  const policy: RetryPolicy = {
    maxAttempts: options.maxAttempts,
    baseDelayMs: options.retry?.baseDelayMs ?? 1_000,
    maxDelayMs: options.retry?.maxDelayMs ?? 30_000,
    maxRetryAfterMs: options.retry?.maxRetryAfterMs ?? 60_000,
  };
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const { model, logger } = options;
  const client = options.apiKey
    ? new Anthropic({
        apiKey: options.apiKey,
        baseURL: options.baseURL || DEFAULT_ANTHROPIC_BASE_URL,
        maxRetries: 0,
        timeout: options.timeoutMs,
        // The SDK's own logging could print request or response bodies: case material.
        logLevel: 'off',
        openTelemetry: false,
      })
    : null;

  async function streamMessage(request: StreamMessageRequest): Promise<ClaudeResult> {
    if (!client) throw new ClaudeNotConfiguredError(noUsage(model));
    const params: Anthropic.MessageStreamParams = {
      model,
      max_tokens: request.maxTokens,
      system: cachedSystem(request.system),
      messages: withCacheBreakpoints(request.messages, request.cacheBreakpoints),
      ...(request.tools ? { tools: request.tools } : {}),
      ...(request.toolChoice ? { tool_choice: request.toolChoice } : {}),
    };
    let usage = noUsage(model);
    for (let attempt = 1; ; attempt++) {
      const outcome = await runAttempt(client, params, request, options.timeoutMs);
      if (outcome.ok)
        return resultOf(outcome.message, addUsage(usage, outcome.message.usage), attempt);
      usage = addUsage(usage, outcome.usage);
      const verdict = judgeFailure(outcome.error);
      if (!verdict.retry)
        throw new ClaudeRejectedError(verdict.status, verdict.type, attempt, usage);
      if (attempt >= policy.maxAttempts)
        throw new ClaudeUnavailableError(verdict.reason, attempt, usage);
      const delayMs = retryDelay(policy, attempt + 1, verdict.retryAfterMs, random);
      const status = outcome.error instanceof Anthropic.APIError ? outcome.error.status : undefined;
      logger.warn(
        { model, attempt, reason: verdict.reason, status, delay_ms: delayMs },
        'Claude call failed; retrying',
      );
      request.onRetry?.(attempt + 1, verdict.reason, delayMs);
      await untilAborted(sleep(delayMs), request.signal);
    }
  }

  return { isConfigured: client !== null, model, streamMessage };
}

/** A wait that ends early, with the abort error, when the caller aborts (a retry-after can be a minute). */
async function untilAborted(wait: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return wait;
  signal.throwIfAborted();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([wait, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

type AttemptOutcome =
  | { ok: true; message: Anthropic.Message }
  | { ok: false; error: unknown; usage: ApiUsage | null };

/**
 * One streamed attempt. The SDK's timeout covers only the wait for the response's headers,
 * so an idle timer covers the stream: no event for `timeoutMs` ends the attempt as a timeout.
 */
async function runAttempt(
  client: Anthropic,
  params: Anthropic.MessageStreamParams,
  request: StreamMessageRequest,
  timeoutMs: number,
): Promise<AttemptOutcome> {
  request.signal?.throwIfAborted();
  const controller = new AbortController();
  const abort = () => controller.abort();
  request.signal?.addEventListener('abort', abort, { once: true });
  let isTimedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const restartTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      isTimedOut = true;
      controller.abort();
    }, timeoutMs);
  };
  restartTimer();
  let startUsage: ApiUsage | null = null;
  let accumulated = '';
  let callbackError: { error: unknown } | null = null;
  const stream = client.messages.stream(params, { signal: controller.signal, maxRetries: 0 });
  stream.on('streamEvent', (event) => {
    restartTimer();
    if (event.type === 'message_start') startUsage = event.message.usage;
  });
  stream.on('text', (delta) => {
    accumulated += delta;
    try {
      request.onText?.(delta, accumulated);
    } catch (error) {
      callbackError = { error };
      controller.abort();
    }
  });
  stream.on('inputJson', (_delta, snapshot) => {
    try {
      request.onToolInput?.(snapshot);
    } catch (error) {
      callbackError = { error };
      controller.abort();
    }
  });
  try {
    const message = await stream.finalMessage();
    return { ok: true, message };
  } catch (error) {
    if (callbackError) throw (callbackError as { error: unknown }).error;
    request.signal?.throwIfAborted();
    const failure = isTimedOut ? new Anthropic.APIConnectionTimeoutError() : error;
    return { ok: false, error: failure, usage: startUsage };
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', abort);
  }
}

function resultOf(message: Anthropic.Message, usage: ClaudeUsage, attempts: number): ClaudeResult {
  const text = message.content
    .flatMap((block) => (block.type === 'text' ? [block.text] : []))
    .join('');
  const toolUse = message.content.find((block) => block.type === 'tool_use');
  return {
    text,
    ...(toolUse ? { toolInput: toolUse.input } : {}),
    stopReason: message.stop_reason,
    usage,
    attempts,
  };
}
