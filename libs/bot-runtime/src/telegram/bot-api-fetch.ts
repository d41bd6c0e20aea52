import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';

/**
 * The `fetch` grammY calls the Bot API with, on undici (Node's own HTTP client) rather
 * than grammY's default node-fetch over http.Agent.
 *
 * Why: sending the replies was about two fifths of the pro service's CPU per update;
 * with undici pro's CPU per update fell by a fifth (docs/BENCHMARKS.md).
 *
 * grammY asks little of the answer: it awaits `json()` whatever the status (Telegram
 * reports errors in the JSON body), so that is what this returns. Requests keep their
 * connections open between calls, and grammY's abort signal (its timeout) is passed on.
 */
export function createBotApiFetch(): typeof fetch {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
  const botApiFetch = async (url: string | URL | Request, init: RequestInit = {}) => {
    const response = await request(String(url), {
      dispatcher,
      method: (init.method ?? 'GET') as 'GET' | 'POST',
      headers: init.headers as Record<string, string> | undefined,
      // A JSON string, or for file uploads grammY's multipart stream.
      body: init.body as string | Readable | undefined,
      signal: init.signal ?? undefined,
    });
    return {
      ok: response.statusCode >= 200 && response.statusCode < 300,
      status: response.statusCode,
      json: () => response.body.json(),
      text: () => response.body.text(),
    } as unknown as Response;
  };
  return botApiFetch as typeof fetch;
}
