import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot, webhookCallback } from 'grammy';
import type { Update } from 'grammy/types';

/** What a webhook received: every attempt, refused ones included, with the secret header. */
export interface ReceivedUpdate {
  update: Update;
  secret: string | undefined;
  status: number;
}

export interface WebhookServer {
  url: string;
  received: ReceivedUpdate[];
  /** The updates it answered 2xx, in order. */
  accepted(): Update[];
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
}

/** A bot's webhook that answers each attempt with the status `answer` gives (200 unless told). */
export async function startWebhookServer(
  answer: (update: Update, attempt: number) => number = () => 200,
): Promise<WebhookServer> {
  const received: ReceivedUpdate[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update;
    const attempt = received.filter((seen) => seen.update.update_id === update.update_id).length;
    const status = answer(update, attempt + 1);
    const secret = request.headers['x-telegram-bot-api-secret-token'];
    received.push({ update, secret: typeof secret === 'string' ? secret : undefined, status });
    response.writeHead(status).end();
  });
  const url = await listen(server);
  return {
    url,
    received,
    accepted: () => received.filter((seen) => seen.status < 300).map((seen) => seen.update),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A grammY bot served by webhook, as the services run: `setup` adds its handlers, then it
 * registers its webhook (with a secret) with the Bot API at `apiRoot`.
 */
export async function startGrammyBot(
  apiRoot: string,
  token: string,
  setup: (bot: Bot) => void,
): Promise<{ bot: Bot; close(): Promise<void> }> {
  const bot = new Bot(token, { client: { apiRoot } });
  setup(bot);
  await bot.init();
  const secretToken = 'a-secret-only-telegram-and-the-bot-know';
  const server = createServer(webhookCallback(bot, 'http', { secretToken }));
  await bot.api.setWebhook(await listen(server), { secret_token: secretToken });
  return {
    bot,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The first bytes of a PNG: enough for Telegram (and this API) to read its size. */
export function pngOfSize(width: number, height: number): Buffer {
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'ascii');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  return header;
}
