import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeAnthropic, startFakeAnthropic } from '../src/testing/index';

const SECRET_KEY = 'sk-ant-test-do-not-log-me';

let fake: FakeAnthropic;
let client: Anthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.reset();
  client = new Anthropic({
    apiKey: SECRET_KEY,
    baseURL: fake.url,
    maxRetries: 0,
    logLevel: 'off',
    openTelemetry: false,
  });
});

const ask = (text: string, extra: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}) => ({
  model: 'claude-test',
  max_tokens: 500,
  messages: [{ role: 'user' as const, content: text }],
  ...extra,
});

describe('the fake Anthropic API, as the real SDK sees it', () => {
  it('answers messages.create with the scripted text and its usage', async () => {
    fake.script([{ text: 'Гипотеза: избегание.' }]);
    const message = await client.messages.create(ask('материал'));
    expect(message.content).toEqual([
      { type: 'text', text: 'Гипотеза: избегание.', citations: null },
    ]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('streams the text in deltas that messages.stream hands to on("text")', async () => {
    const text = 'Первая гипотеза опирается на цитату клиента. Вторая — на его поведение.';
    fake.script([{ text, chunkSize: 10 }]);
    const deltas: string[] = [];
    const stream = client.messages.stream(ask('материал')).on('text', (delta) => {
      deltas.push(delta);
    });
    const message = await stream.finalMessage();
    expect(deltas).toHaveLength(Math.ceil(Array.from(text).length / 10));
    expect(deltas.join('')).toBe(text);
    expect(message.content).toEqual([{ type: 'text', text, citations: null }]);
    expect(message.usage.output_tokens).toBe(Math.ceil(text.length / 4));
  });

  it('answers a forced tool with a tool_use block, whole or streamed as input_json_delta', async () => {
    const input = { hypotheses: [{ claim: 'избегание', quotes: ['«я не справлюсь»'] }] };
    const tools = [{ name: 'interpretation', input_schema: { type: 'object' as const } }];
    const toolChoice = { type: 'tool' as const, name: 'interpretation' };
    fake.script([{ toolUse: { input } }, { toolUse: { input }, chunkSize: 7 }]);

    const created = await client.messages.create(ask('x', { tools, tool_choice: toolChoice }));
    expect(created.stop_reason).toBe('tool_use');
    expect(created.content[0]).toMatchObject({ type: 'tool_use', name: 'interpretation', input });

    const partials: string[] = [];
    const streamed = await client.messages
      .stream(ask('x', { tools, tool_choice: toolChoice }))
      .on('inputJson', (partial) => partials.push(partial))
      .finalMessage();
    expect(partials.length).toBeGreaterThan(1);
    expect(streamed.stop_reason).toBe('tool_use');
    expect(streamed.content[0]).toMatchObject({ type: 'tool_use', name: 'interpretation', input });
  });

  it('refuses a tool_choice naming no tool with a 400, as the API does', async () => {
    const request = ask('x', { tool_choice: { type: 'tool', name: 'missing' } });
    await expect(client.messages.create(request)).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });

  it('answers scripted errors in the API JSON shape, which the SDK turns into its error classes', async () => {
    fake.script([
      { error: 529 },
      { error: 429, retryAfterSeconds: 7 },
      { error: 401 },
      { error: 500 },
    ]);
    const overloaded = await client.messages.create(ask('x')).catch((error: unknown) => error);
    expect(overloaded).toBeInstanceOf(Anthropic.APIError);
    expect(overloaded).toMatchObject({ status: 529, type: 'overloaded_error' });
    const limited = (await client.messages.create(ask('x')).catch((error: unknown) => error)) as
      | InstanceType<typeof Anthropic.RateLimitError>
      | undefined;
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited?.headers.get('retry-after')).toBe('7');
    await expect(client.messages.create(ask('x'))).rejects.toBeInstanceOf(
      Anthropic.AuthenticationError,
    );
    await expect(client.messages.create(ask('x'))).rejects.toBeInstanceOf(
      Anthropic.InternalServerError,
    );
  });

  it('sends an error event in the middle of a stream, after some text', async () => {
    fake.script([
      {
        text: 'Начало ответа и продолжение',
        chunkSize: 6,
        streamError: 'overloaded_error',
        afterChunks: 2,
      },
    ]);
    const deltas: string[] = [];
    const stream = client.messages.stream(ask('x')).on('text', (delta) => {
      deltas.push(delta);
    });
    const error = await stream.finalMessage().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({ type: 'overloaded_error' });
    expect(deltas.join('')).toBe('Начало ответ');
  });

  it('drops the connection in the middle of a stream', async () => {
    fake.script([{ text: 'Ответ, который оборвётся', chunkSize: 5, cutAfterChunks: 2 }]);
    const deltas: string[] = [];
    const stream = client.messages.stream(ask('x')).on('text', (delta) => {
      deltas.push(delta);
    });
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(Error);
    expect(deltas.join('')).toBe('Ответ, кот');
  });

  it('hangs until the client gives up', async () => {
    fake.script([{ hang: true }]);
    await expect(client.messages.create(ask('x'), { timeout: 300 })).rejects.toBeInstanceOf(
      Anthropic.APIConnectionTimeoutError,
    );
  });

  it('refuses a request without a key', async () => {
    const response = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ask('x')),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });
  });

  it('reports a cache write for a marked prefix the first time and a cache read afterwards', async () => {
    const system = [
      {
        type: 'text' as const,
        text: 'Системный промпт. '.repeat(50),
        cache_control: { type: 'ephemeral' as const },
      },
    ];
    const first = await client.messages.create(ask('первый вопрос', { system }));
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(200);
    expect(first.usage.cache_read_input_tokens).toBe(0);

    const second = await client.messages.create(ask('другой вопрос', { system }));
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);

    const conversation = ask('', {
      system,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'материал '.repeat(40), cache_control: { type: 'ephemeral' } },
          ],
        },
        { role: 'assistant', content: 'ответ' },
        { role: 'user', content: 'уточнение' },
      ],
    });
    const third = await client.messages.create(conversation);
    expect(third.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(third.usage.cache_creation_input_tokens).toBeGreaterThan(50);
    const streamed = await client.messages.stream(conversation).finalMessage();
    expect(streamed.usage.cache_read_input_tokens).toBe(
      (third.usage.cache_read_input_tokens ?? 0) + (third.usage.cache_creation_input_tokens ?? 0),
    );
  });

  it('records every request with its key redacted', async () => {
    await client.messages.create(ask('материал'));
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.body).toMatchObject({ model: 'claude-test', max_tokens: 500 });
    expect(fake.requests[0]?.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(fake.requests)).not.toContain(SECRET_KEY);
  });

  it('counts the requests in flight at once', async () => {
    let release = () => {};
    const allArrived = new Promise<void>((resolve) => {
      release = resolve;
    });
    fake.script(async (_request, index) => {
      if (index === 4) release();
      await allArrived;
      return { text: `ответ ${index}` };
    });
    await Promise.all(Array.from({ length: 5 }, () => client.messages.create(ask('x'))));
    expect(fake.maxConcurrent).toBeGreaterThanOrEqual(5);
    expect(fake.inFlight).toBe(0);
  });

  it('says so with a 500 once the scripted replies have run out', async () => {
    fake.script([{ text: 'один' }]);
    await client.messages.create(ask('x'));
    await expect(client.messages.create(ask('x'))).rejects.toThrow(/scripted replies ran out/);
  });
});
