import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ERROR_MESSAGES,
  ERROR_TYPES,
  type FakeErrorReply,
  type FakeReply,
} from './fake-anthropic-replies';
import { planAnswer, sleep, streamAnswer } from './fake-anthropic-stream';
import { FakePromptCache } from './fake-anthropic-usage';

/** One request as the fake received it; the key headers are redacted. */
export interface RecordedRequest {
  /** The request's JSON body (model, system, messages, tools, ...). */
  body: Record<string, unknown>;
  headers: Record<string, string>;
  isStream: boolean;
}

export type FakeScript =
  | FakeReply[]
  | ((request: RecordedRequest, index: number) => FakeReply | Promise<FakeReply>);

export interface FakeAnthropic {
  /** Give this to ANTHROPIC_BASE_URL (the SDK's `baseURL`). */
  url: string;
  requests: RecordedRequest[];
  /** The most requests that were in flight at once. */
  readonly maxConcurrent: number;
  readonly inFlight: number;
  /**
   * What the next requests get: a queue (each request takes the next reply; once it is empty
   * a request gets a 500 saying so) or a function of the request and its index in `requests`.
   * Unscripted, every request gets the text "Fake answer.".
   */
  script(script: FakeScript): void;
  /** Forgets the requests, the script, the prompt cache and the concurrency seen. */
  reset(): void;
  stop(): Promise<void>;
}

export interface FakeAnthropicOptions {
  /** Cached prefixes shorter than this are not cached, as the API's 1024-token floor (default 0). */
  minCacheableTokens?: number;
}

const REDACTED_HEADERS = new Set(['x-api-key', 'authorization']);

/**
 * An in-process stand-in for the Anthropic Messages API (POST /v1/messages), speaking its wire
 * format closely enough for the real @anthropic-ai/sdk: JSON answers, server-sent-event streams
 * (message_start, content_block_start/delta/stop with text_delta and input_json_delta,
 * message_delta with stop_reason and usage, message_stop, ping, error), tool use, errors in
 * the API's JSON shape with retry-after, and plausible usage, prompt caching included.
 */
export async function startFakeAnthropic(
  options: FakeAnthropicOptions = {},
): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  let cache = new FakePromptCache(options.minCacheableTokens);
  let script: FakeScript | null = null;
  let inFlight = 0;
  let maxConcurrent = 0;
  let ids = 0;

  const nextReply = async (request: RecordedRequest, index: number): Promise<FakeReply> => {
    if (script === null) return { text: 'Fake answer.' };
    if (typeof script === 'function') return script(request, index);
    return (
      script.shift() ?? { error: 500, message: 'fake Anthropic: the scripted replies ran out' }
    );
  };

  const server = createServer((request, response) => {
    inFlight++;
    maxConcurrent = Math.max(maxConcurrent, inFlight);
    response.once('close', () => inFlight--);
    response.setHeader('request-id', `req_fake_${++ids}`);
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, { error: 500, message: String(error) });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const raw = await readBody(request);
    if (request.method !== 'POST' || request.url?.split('?')[0] !== '/v1/messages') {
      return sendError(response, { error: 404 });
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return sendError(response, { error: 400, message: 'The request body is not valid JSON.' });
    }
    const recorded: RecordedRequest = {
      body,
      headers: redact(request.headers),
      isStream: body.stream === true,
    };
    requests.push(recorded);
    if (!request.headers['x-api-key'] && !request.headers.authorization) {
      return sendError(response, { error: 401, message: 'x-api-key header is required' });
    }
    const invalid = invalidRequest(body);
    if (invalid) return sendError(response, { error: 400, message: invalid });
    const reply = await nextReply(recorded, requests.length - 1);
    if ('hang' in reply) return;
    if ('error' in reply) return sendError(response, reply);
    const answer = planAnswer(body, reply, `toolu_fake_${++ids}`);
    const usage = { ...cache.inputUsage(body), output_tokens: answer.outputTokens };
    const message = {
      id: `msg_fake_${++ids}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      stop_sequence: null,
    };
    if (!recorded.isStream) {
      await sleep((reply.firstTokenDelayMs ?? 0) + (reply.chunkDelayMs ?? 0) * answer.chunkCount);
      if ('cutAfterChunks' in reply) return void response.destroy();
      if ('streamError' in reply) return sendError(response, { error: 529 });
      return sendJson(response, 200, {
        ...message,
        content: answer.blocks.map((block) => block.final),
        stop_reason: answer.stopReason,
        usage,
      });
    }
    await streamAnswer(response, { message, usage, answer, reply });
  }

  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxConcurrent() {
      return maxConcurrent;
    },
    get inFlight() {
      return inFlight;
    },
    script: (next) => {
      script = Array.isArray(next) ? [...next] : next;
    },
    reset: () => {
      requests.length = 0;
      script = null;
      cache = new FakePromptCache(options.minCacheableTokens);
      maxConcurrent = inFlight;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendError(response: ServerResponse, reply: FakeErrorReply) {
  const type = ERROR_TYPES[reply.error];
  const headers: Record<string, string> = {};
  if (reply.retryAfterSeconds !== undefined)
    headers['retry-after'] = String(reply.retryAfterSeconds);
  if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs);
  const requestId = String(response.getHeader('request-id'));
  sendJson(
    response,
    reply.error,
    {
      type: 'error',
      error: { type, message: reply.message ?? ERROR_MESSAGES[type] },
      request_id: requestId,
    },
    headers,
  );
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** What the real API refuses with a 400 before it starts. */
function invalidRequest(body: Record<string, unknown>): string | null {
  if (typeof body.model !== 'string' || !body.model) return 'model: Field required';
  if (typeof body.max_tokens !== 'number' || body.max_tokens < 1)
    return 'max_tokens: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return 'messages: at least one message is required';
  }
  const choice = body.tool_choice as { type?: string; name?: string } | undefined;
  if (choice?.type === 'tool') {
    const tools = Array.isArray(body.tools) ? (body.tools as { name?: string }[]) : [];
    if (!tools.some((tool) => tool.name === choice.name)) {
      return `tool_choice: tool "${choice.name}" is not among the tools`;
    }
  }
  return null;
}

function redact(headers: IncomingMessage['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name] = REDACTED_HEADERS.has(name) ? '[redacted]' : String(value);
  }
  return result;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
