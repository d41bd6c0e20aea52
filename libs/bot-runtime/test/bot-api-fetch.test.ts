import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api, HttpError } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotApiFetch } from '../src/telegram/bot-api-fetch';

/** A Bot API that answers getMe, refuses sendMessage as Telegram does, and never answers getChat. */
describe('Bot API calls over undici', () => {
  const server = createServer((request, response) => {
    if (request.url?.endsWith('/getChat')) {
      // Never answers; notes when the caller hangs up.
      response.on('close', () => {
        hungUp = true;
      });
      return;
    }
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      if (request.url?.endsWith('/getMe')) {
        response.end(
          JSON.stringify({ ok: true, result: { id: 1, is_bot: true, first_name: 'b' } }),
        );
        return;
      }
      const { chat_id: chatId } = JSON.parse(body) as { chat_id: number };
      response.statusCode = 400;
      response.end(
        JSON.stringify({ ok: false, error_code: 400, description: `chat ${chatId} not found` }),
      );
    });
  });
  let api: Api;
  let hungUp = false;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    api = new Api('1:token', {
      apiRoot: `http://127.0.0.1:${port}`,
      fetch: createBotApiFetch(),
      timeoutSeconds: 1,
    });
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('returns the result of a call', async () => {
    expect(await api.getMe()).toEqual({ id: 1, is_bot: true, first_name: 'b' });
  });

  it('passes on Telegram’s refusal, with its code and description, from the JSON body', async () => {
    await expect(api.sendMessage(42, 'привет')).rejects.toMatchObject({
      error_code: 400,
      description: 'chat 42 not found',
    });
  });

  it('gives up on a Bot API that does not answer, when grammY’s timeout aborts the call', async () => {
    await expect(api.getChat(42)).rejects.toBeInstanceOf(HttpError);
    // The abort reached the connection: the request is not left hanging.
    for (let i = 0; i < 100 && !hungUp; i++) await new Promise((r) => setTimeout(r, 10));
    expect(hungUp).toBe(true);
  });
});
