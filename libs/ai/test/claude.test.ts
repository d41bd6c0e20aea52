import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ClaudeNotConfiguredError,
  type ClaudeOptions,
  ClaudeRejectedError,
  ClaudeUnavailableError,
  createClaude,
  type StreamMessageRequest,
} from '../src/index';
import { type FakeAnthropic, startFakeAnthropic } from '../src/testing/index';

const MATERIAL = 'Клиентка говорит: «я опять всё испортила».';
const ANSWER =
  'Гипотеза: самокритика как способ сохранить контроль. Проверить на следующей сессии.';
const SYSTEM = 'Ты помогаешь психологу. '.repeat(40);

let fake: FakeAnthropic;
let sleeps: number[];
let logs: { fields: Record<string, unknown>; message: string }[];

beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.reset();
  sleeps = [];
  logs = [];
});

function claudeWith(overrides: Partial<ClaudeOptions> = {}) {
  return createClaude({
    apiKey: 'sk-ant-test',
    baseURL: fake.url,
    model: 'claude-test',
    timeoutMs: 5_000,
    maxAttempts: 3,
    logger: { warn: (fields, message) => logs.push({ fields, message }) },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
}

/** A request that records what the person would have seen: the draft text, reset on retry. */
function watchedRequest(extra: Partial<StreamMessageRequest> = {}) {
  const seen = { draft: '', deltas: [] as string[], retries: [] as [number, string][] };
  const request: StreamMessageRequest = {
    system: SYSTEM,
    messages: [{ role: 'user', content: MATERIAL }],
    maxTokens: 1000,
    onText: (delta, accumulated) => {
      seen.deltas.push(delta);
      seen.draft = accumulated;
    },
    onRetry: (attempt, reason) => {
      seen.retries.push([attempt, reason]);
      seen.draft = '';
    },
    ...extra,
  };
  return { request, seen };
}

describe('createClaude().streamMessage', () => {
  it('streams the answer as it is written and returns it with its usage', async () => {
    fake.script([{ text: ANSWER, chunkSize: 8 }]);
    const { request, seen } = watchedRequest();
    const result = await claudeWith().streamMessage(request);
    expect(result).toMatchObject({ text: ANSWER, stopReason: 'end_turn', attempts: 1 });
    expect(seen.deltas.length).toBeGreaterThan(5);
    expect(seen.draft).toBe(ANSWER);
    expect(result.usage.model).toBe('claude-test');
    expect(result.usage.outputTokens).toBeGreaterThan(0);
  });

  it('sends the system prompt cached and a breakpoint where the caller says the stable prefix ends', async () => {
    const { request } = watchedRequest({
      messages: [
        { role: 'user', content: MATERIAL },
        { role: 'assistant', content: ANSWER },
        { role: 'user', content: 'А что с рисками?' },
      ],
      cacheBreakpoints: [1],
    });
    await claudeWith().streamMessage(request);
    const body = fake.requests[0]?.body as Record<string, unknown>;
    expect(body.system).toEqual([
      { type: 'text', text: SYSTEM, cache_control: { type: 'ephemeral' } },
    ]);
    expect(body.messages).toEqual([
      { role: 'user', content: MATERIAL },
      {
        role: 'assistant',
        content: [{ type: 'text', text: ANSWER, cache_control: { type: 'ephemeral' } }],
      },
      { role: 'user', content: 'А что с рисками?' },
    ]);
    expect(body.stream).toBe(true);
  });

  it('records cache writes, then cache reads on the next call with the same prefix', async () => {
    const claude = claudeWith();
    const first = await claude.streamMessage(watchedRequest().request);
    expect(first.usage.cacheWriteTokens).toBeGreaterThan(100);
    expect(first.usage.cacheReadTokens).toBe(0);
    const second = await claude.streamMessage(watchedRequest().request);
    expect(second.usage.cacheReadTokens).toBe(first.usage.cacheWriteTokens);
    expect(second.usage.cacheWriteTokens).toBe(0);
  });

  it('returns the input of a forced tool call', async () => {
    const input = { hypotheses: [{ text: 'самокритика', quotes: ['я опять всё испортила'] }] };
    fake.script([{ toolUse: { input } }]);
    const { request } = watchedRequest({
      tools: [{ name: 'interpretation', input_schema: { type: 'object' } }],
      toolChoice: { type: 'tool', name: 'interpretation' },
    });
    const result = await claudeWith().streamMessage(request);
    expect(result).toMatchObject({ toolInput: input, stopReason: 'tool_use', text: '' });
  });

  it('retries a 529 after a jittered backoff and answers', async () => {
    fake.script([{ error: 529 }, { text: ANSWER }]);
    const { request, seen } = watchedRequest();
    const result = await claudeWith().streamMessage(request);
    expect(result).toMatchObject({ text: ANSWER, attempts: 2 });
    expect(seen.retries).toEqual([[2, 'overloaded']]);
    expect(sleeps).toEqual([500]);
    expect(fake.requests).toHaveLength(2);
  });

  it('waits as long as a 429 retry-after asks, and no longer than the cap', async () => {
    fake.script([
      { error: 429, retryAfterSeconds: 7 },
      { error: 429, retryAfterSeconds: 600 },
      { text: ANSWER },
    ]);
    const result = await claudeWith().streamMessage(watchedRequest().request);
    expect(result.attempts).toBe(3);
    expect(sleeps).toEqual([7_000, 60_000]);
  });

  it('honours retry-after-ms when the API sends it', async () => {
    fake.script([{ error: 529, retryAfterMs: 1_250 }, { text: ANSWER }]);
    await claudeWith().streamMessage(watchedRequest().request);
    expect(sleeps).toEqual([1_250]);
  });

  it('starts over after a stream cut mid-answer, telling the caller to reset the draft', async () => {
    fake.script([
      { text: ANSWER, chunkSize: 8, cutAfterChunks: 3 },
      { text: ANSWER, chunkSize: 8 },
    ]);
    const { request, seen } = watchedRequest();
    const draftsAtRetry: string[] = [];
    const onRetry = request.onRetry;
    request.onRetry = (attempt, reason, delay) => {
      draftsAtRetry.push(seen.draft);
      onRetry?.(attempt, reason, delay);
    };
    const result = await claudeWith().streamMessage(request);
    expect(draftsAtRetry).toEqual([ANSWER.slice(0, 24)]);
    expect(seen.retries).toEqual([[2, 'connection']]);
    expect(seen.draft).toBe(ANSWER);
    expect(result).toMatchObject({ text: ANSWER, attempts: 2 });
  });

  it('retries an overloaded_error event in the middle of a stream', async () => {
    fake.script([
      { text: ANSWER, streamError: 'overloaded_error', afterChunks: 2 },
      { text: ANSWER },
    ]);
    const { request, seen } = watchedRequest();
    const result = await claudeWith().streamMessage(request);
    expect(seen.retries).toEqual([[2, 'overloaded']]);
    expect(result).toMatchObject({ text: ANSWER, attempts: 2 });
  });

  it('adds up the usage of a failed attempt that had started and of the one that answered', async () => {
    fake.script([{ text: ANSWER, cutAfterChunks: 2 }, { text: ANSWER }]);
    const result = await claudeWith().streamMessage(watchedRequest().request);
    // The cut attempt wrote the system prompt to the cache; the second read it back.
    expect(result.usage.cacheWriteTokens).toBeGreaterThan(100);
    expect(result.usage.cacheReadTokens).toBe(result.usage.cacheWriteTokens);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
  });

  it('gives up after the last attempt with ClaudeUnavailableError and the reason', async () => {
    fake.script(() => ({ error: 529 }));
    const error = await claudeWith()
      .streamMessage(watchedRequest().request)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClaudeUnavailableError);
    expect(error).toMatchObject({ reason: 'overloaded', attempts: 3 });
    expect(fake.requests).toHaveLength(3);
    expect(sleeps).toEqual([500, 1_000]);
  });

  it('does not retry a 401: the key is wrong, and trying again changes nothing', async () => {
    fake.script([{ error: 401 }, { text: ANSWER }]);
    const error = await claudeWith()
      .streamMessage(watchedRequest().request)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClaudeRejectedError);
    expect(error).toMatchObject({ status: 401, type: 'authentication_error', attempts: 1 });
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('does not retry a 400', async () => {
    fake.script([{ error: 400 }, { text: ANSWER }]);
    await expect(claudeWith().streamMessage(watchedRequest().request)).rejects.toMatchObject({
      status: 400,
      type: 'invalid_request_error',
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('retries an attempt that gets no answer within the timeout', async () => {
    fake.script([{ hang: true }, { text: ANSWER }]);
    const { request, seen } = watchedRequest();
    const result = await claudeWith({ timeoutMs: 300 }).streamMessage(request);
    expect(seen.retries).toEqual([[2, 'timeout']]);
    expect(result.text).toBe(ANSWER);
  });

  it('retries a stream that stalls mid-answer for longer than the timeout', async () => {
    fake.script([{ text: ANSWER, chunkSize: 8, chunkDelayMs: 2_000 }, { text: ANSWER }]);
    const { request, seen } = watchedRequest();
    const result = await claudeWith({ timeoutMs: 300 }).streamMessage(request);
    expect(seen.retries).toEqual([[2, 'timeout']]);
    expect(result.text).toBe(ANSWER);
  });

  it('says AI is not configured without a key, and sends nothing', async () => {
    const claude = claudeWith({ apiKey: undefined });
    expect(claude.isConfigured).toBe(false);
    await expect(claude.streamMessage(watchedRequest().request)).rejects.toBeInstanceOf(
      ClaudeNotConfiguredError,
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('logs retries with no word of the material, the answer or the key', async () => {
    fake.script([{ text: ANSWER, cutAfterChunks: 1 }, { error: 529 }, { text: ANSWER }]);
    await claudeWith().streamMessage(watchedRequest().request);
    expect(logs.map((line) => line.fields.reason)).toEqual(['connection', 'overloaded']);
    const logged = JSON.stringify(logs);
    for (const secret of ['испортила', 'Гипотеза', 'психологу', 'sk-ant-test']) {
      expect(logged).not.toContain(secret);
    }
  });

  it('stops at once, without retrying, when the caller aborts', async () => {
    fake.script([{ hang: true }, { text: ANSWER }]);
    const controller = new AbortController();
    const call = claudeWith().streamMessage(watchedRequest({ signal: controller.signal }).request);
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toThrow();
    expect(fake.requests).toHaveLength(1);
  });

  it("stops at once, without retrying, when the caller's onText fails", async () => {
    fake.script([{ text: ANSWER, chunkSize: 8 }, { text: ANSWER }]);
    const failure = new Error('draft could not be shown');
    const request = watchedRequest({
      onText: () => {
        throw failure;
      },
    }).request;
    await expect(claudeWith().streamMessage(request)).rejects.toBe(failure);
    expect(fake.requests).toHaveLength(1);
  });

  it('stops waiting for a retry when the caller aborts', async () => {
    fake.script([{ error: 529, retryAfterSeconds: 60 }, { text: ANSWER }]);
    const controller = new AbortController();
    const claude = claudeWith({ sleep: () => new Promise(() => {}) });
    const request = watchedRequest({
      signal: controller.signal,
      onRetry: () => controller.abort(),
    }).request;
    await expect(claude.streamMessage(request)).rejects.toThrow();
    expect(fake.requests).toHaveLength(1);
  });

  it('refuses more cache breakpoints than the API takes, or one naming no message', async () => {
    const claude = claudeWith();
    await expect(
      claude.streamMessage(watchedRequest({ cacheBreakpoints: [0, 0, 0, 0] }).request),
    ).rejects.toBeInstanceOf(RangeError);
    await expect(
      claude.streamMessage(watchedRequest({ cacheBreakpoints: [5] }).request),
    ).rejects.toBeInstanceOf(RangeError);
  });
});
