import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkTelegramHtml, TELEGRAM_MESSAGE_LIMIT } from '../telegram/telegram-html';
import { FakeStars } from './fake-telegram-stars';

/** One Bot API call as the fake server received it. */
export interface RecordedCall {
  token: string;
  method: string;
  params: Record<string, unknown>;
}

export type ApiAnswer =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

/** A streaming preview shown in a chat by sendMessageDraft. */
export interface RecordedDraft {
  draftId: number;
  text: string;
}

export type Responder = (
  params: Record<string, unknown>,
  call: RecordedCall,
) => ApiAnswer | undefined;

export interface FakeTelegram {
  /** Give this to TELEGRAM_API_ROOT. */
  apiRoot: string;
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Texts sent to a chat by sendMessage and editMessageText, in order. */
  textsSentTo(chatId: number): string[];
  /** Drafts Telegram accepted for a chat (sendMessageDraft), in order; refused ones are not shown. */
  draftsSentTo(chatId: number): RecordedDraft[];
  /**
   * Makes sendMessageDraft to this chat fail as Telegram does where drafts are not available
   * (400 TEXTDRAFT_PEER_INVALID), so a test can check the fallback to an edited message.
   */
  refuseDrafts(chatId: number, isRefused?: boolean): void;
  /** Answers a method differently; return undefined to fall back to the default answer. */
  respond(method: string, responder: Responder): void;
  /** Delays every answer, like a real round trip to Telegram. */
  setLatency(ms: number): void;
  /** Resolves once `count` calls to `method` have arrived (replies are sent after commit). */
  waitForCalls(method: string, count?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  reset(): void;
  close(): Promise<void>;
}

const botIdOf = (token: string) => Number(token.split(':')[0]) || 1;

/**
 * An in-process stand-in for api.telegram.org that speaks the Bot API's HTTP shape
 * (POST /bot<token>/<method>, JSON in, {ok, result} out) and records every call.
 */
export async function startFakeTelegram(options: { port?: number } = {}): Promise<FakeTelegram> {
  const calls: RecordedCall[] = [];
  const responders = new Map<string, Responder>();
  const waiters = new Set<() => void>();
  const webhooks = new Map<string, Record<string, unknown>>();
  const drafts = new Map<number, RecordedDraft[]>();
  const chatsRefusingDrafts = new Set<number>();
  let latencyMs = 0;
  let nextMessageId = 1;
  const stars = new FakeStars();

  const defaultAnswer = (call: RecordedCall): ApiAnswer => {
    const { method, params, token } = call;
    switch (method) {
      case 'getMe':
        return {
          ok: true,
          result: {
            id: botIdOf(token),
            is_bot: true,
            first_name: 'PsycheOS test bot',
            username: `psycheos_test_${botIdOf(token)}_bot`,
            can_join_groups: false,
            can_read_all_group_messages: false,
            supports_inline_queries: false,
            can_connect_to_business: false,
            has_main_web_app: false,
          },
        };
      case 'sendMessageDraft': {
        if (chatsRefusingDrafts.has(Number(params.chat_id))) {
          return { ok: false, error_code: 400, description: 'Bad Request: TEXTDRAFT_PEER_INVALID' };
        }
        const refusal = refuseText(params, { isEmptyAllowed: true });
        if (refusal) return refusal;
        const chatDrafts = drafts.get(Number(params.chat_id)) ?? [];
        chatDrafts.push({ draftId: Number(params.draft_id), text: String(params.text ?? '') });
        drafts.set(Number(params.chat_id), chatDrafts);
        return { ok: true, result: true };
      }
      case 'sendPhoto':
        return {
          ok: true,
          result: {
            message_id: nextMessageId++,
            date: Math.floor(Date.now() / 1000),
            chat: { id: params.chat_id, type: 'private' },
            photo: [
              { file_id: `photo-${nextMessageId}`, file_unique_id: 'p', width: 1, height: 1 },
            ],
          },
        };
      case 'sendMessage':
      case 'editMessageText': {
        const refusal = refuseText(params, { isEmptyAllowed: false });
        if (refusal) return refusal;
        return {
          ok: true,
          result: {
            message_id: method === 'sendMessage' ? nextMessageId++ : params.message_id,
            date: Math.floor(Date.now() / 1000),
            chat: { id: params.chat_id, type: 'private' },
            text: params.text,
          },
        };
      }
      case 'setWebhook':
        webhooks.set(token, params);
        return { ok: true, result: true };
      case 'deleteWebhook':
        webhooks.delete(token);
        return { ok: true, result: true };
      case 'getWebhookInfo':
        return {
          ok: true,
          result: {
            url: webhooks.get(token)?.url ?? '',
            has_custom_certificate: false,
            pending_update_count: 0,
          },
        };
      case 'answerCallbackQuery':
      case 'editMessageReplyMarkup':
      case 'deleteMessage':
      case 'setMyCommands':
      case 'setChatMenuButton':
      case 'sendChatAction':
        return { ok: true, result: true };
      default:
        return (
          stars.answer(call, () => nextMessageId++) ?? {
            ok: false,
            error_code: 404,
            description: 'Not Found: method not found',
          }
        );
    }
  };

  const server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
    const body = await readBody(request);
    if (!match)
      return send(response, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const call: RecordedCall = {
      token: decodeURIComponent(match[1] ?? ''),
      method: match[2] ?? '',
      params: await parseParams(body, request.headers['content-type']),
    };
    calls.push(call);
    for (const wake of waiters) wake();
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const answer = responders.get(call.method)?.(call.params, call) ?? defaultAnswer(call);
    send(response, answer.ok ? 200 : answer.error_code, answer);
  }

  // Longer than any client's keep-alive, so a client never reuses a socket the server has just
  // closed ("other side closed"), which would fail a call at random under load.
  server.keepAliveTimeout = 60_000;
  // A test that takes Telegram away and brings it back starts the second one on the same port.
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const callsTo = (method: string) => calls.filter((call) => call.method === method);

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    callsTo,
    textsSentTo: (chatId) =>
      calls
        .filter(
          (call) =>
            (call.method === 'sendMessage' || call.method === 'editMessageText') &&
            call.params.chat_id === chatId,
        )
        .map((call) => String(call.params.text)),
    draftsSentTo: (chatId) => [...(drafts.get(chatId) ?? [])],
    refuseDrafts: (chatId, isRefused = true) => {
      if (isRefused) chatsRefusingDrafts.add(chatId);
      else chatsRefusingDrafts.delete(chatId);
    },
    respond: (method, responder) => responders.set(method, responder),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    waitForCalls: (method, count = 1, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (callsTo(method).length < count) return;
          cleanup();
          resolve(callsTo(method));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${count} ${method} call(s), got ${callsTo(method).length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    reset: () => {
      calls.length = 0;
      responders.clear();
      drafts.clear();
      chatsRefusingDrafts.clear();
      stars.reset();
      latencyMs = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const badRequest = (description: string): ApiAnswer => ({
  ok: false,
  error_code: 400,
  description: `Bad Request: ${description}`,
});

/**
 * What Telegram refuses in a message's text: HTML it cannot parse (checkTelegramHtml, the
 * same rules), more than 4096 characters after parsing, or no text at all (a draft may be
 * empty: Telegram then shows "Thinking...").
 */
function refuseText(
  params: Record<string, unknown>,
  { isEmptyAllowed }: { isEmptyAllowed: boolean },
): ApiAnswer | null {
  const text = typeof params.text === 'string' ? params.text : '';
  let length = text.length;
  if (params.parse_mode === 'HTML') {
    const check = checkTelegramHtml(text);
    if (!check.ok) return badRequest(`can't parse entities: ${check.reason}`);
    length = check.length;
  }
  if (length > TELEGRAM_MESSAGE_LIMIT) return badRequest('message is too long');
  if (!isEmptyAllowed && text.trim() === '') return badRequest('message text is empty');
  return null;
}

/** A file uploaded with a call (sendPhoto), as the fake server received it. */
export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * JSON, or multipart/form-data when the call uploads a file: grammY sends its other
 * parameters as JSON-encoded form fields, and the file as an UploadedFile.
 */
async function parseParams(
  body: Buffer,
  contentType: string | undefined,
): Promise<Record<string, unknown>> {
  if (body.length === 0) return {};
  if (!contentType?.startsWith('multipart/form-data')) {
    return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  }
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

function parseField(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
