import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiAnswer } from './api-answer';
import { readCallParams } from './call-params';
import type { RecordedCall } from './recording';

export interface BotApiServerOptions {
  port: number;
  host: string;
  answer: (call: RecordedCall) => Promise<ApiAnswer>;
  /** A kept file by the path getFile gave, for GET /file/bot<token>/<path>. */
  fileAt: (filePath: string) => { bytes: Buffer; mimeType?: string } | undefined;
}

/**
 * The Bot API's HTTP shape: POST (or GET) /bot<token>/<method> with JSON, multipart or
 * form parameters, answered `{ ok, result }` or `{ ok: false, error_code, description }`
 * with that status; GET /file/bot<token>/<file_path> for a file getFile described.
 */
export async function listenBotApi(options: BotApiServerOptions) {
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A failure of this API itself, not a refusal Telegram would give: say so plainly.
      send(response, 500, {
        ok: false,
        error_code: 500,
        description: `Internal Server Error: ${String(error)}`,
      });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://local');
    const file = /^\/file\/bot[^/]+\/(.+)$/.exec(url.pathname);
    if (file && request.method === 'GET') {
      const found = options.fileAt(decodeURIComponent(file[1] ?? ''));
      if (!found)
        return send(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
      response.writeHead(200, { 'content-type': found.mimeType ?? 'application/octet-stream' });
      return response.end(found.bytes);
    }
    const call = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    const params = await readCallParams(request, url.searchParams);
    if (!call) return send(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (!params) {
      return send(response, 400, {
        ok: false,
        error_code: 400,
        description: "Bad Request: can't parse the request body",
      });
    }
    const answer = await options.answer({
      token: decodeURIComponent(call[1] ?? ''),
      method: call[2] ?? '',
      params,
    });
    send(response, answer.ok ? 200 : answer.error_code, answer);
  }

  // Longer than any client's keep-alive, so a client never reuses a socket the server has just
  // closed ("other side closed"), which would fail a call at random under load.
  server.keepAliveTimeout = 60_000;
  // A test that takes Telegram away and brings it back starts the second one on the same port.
  server.listen(options.port, options.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    apiRoot: `http://${host}:${port}`,
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(response: ServerResponse, status: number, body: unknown) {
  if (response.headersSent) return response.end();
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
