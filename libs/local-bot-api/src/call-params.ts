import type { IncomingMessage } from 'node:http';
import type { UploadedFile } from './uploaded-file';

/**
 * A call's parameters, in any of the shapes the Bot API takes: JSON, multipart/form-data
 * when the call uploads a file (grammY sends its other parameters as JSON-encoded form
 * fields, the file as an UploadedFile), a urlencoded form, or the query string (a GET, or
 * curl by hand). A body that is not what its content type says is a 400, not a crash.
 */
export async function readCallParams(
  request: IncomingMessage,
  query: URLSearchParams,
): Promise<Record<string, unknown> | undefined> {
  const params: Record<string, unknown> = {};
  for (const [name, value] of query) params[name] = parseField(value);
  const body = await readBody(request);
  if (body.length === 0) return params;
  const contentType = request.headers['content-type'] ?? '';
  try {
    if (contentType.startsWith('multipart/form-data')) {
      return Object.assign(params, parseMultipart(body, contentType));
    }
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
        params[name] = parseField(value);
      }
      return params;
    }
    return Object.assign(params, JSON.parse(body.toString('utf8')) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseMultipart(body: Buffer, contentType: string): Record<string, unknown> {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) throw new Error('multipart body without a boundary');
  const params: Record<string, unknown> = {};
  // grammY writes its own multipart stream, which undici's FormData parser refuses: read
  // the parts by hand (headers, a blank line, the content, CRLF before the next boundary).
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4, part.length - 2);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="?([^";\r\n]*)"?/i.exec(headers)?.[1];
      if (name !== undefined) {
        params[name] =
          filename !== undefined
            ? ({ filename, bytes: Buffer.from(content) } satisfies UploadedFile)
            : parseField(content.toString('utf8'));
      }
    }
    start = next;
  }
  return params;
}

/** A form field holds JSON (a number, an object) or, failing that, a plain string. */
function parseField(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
