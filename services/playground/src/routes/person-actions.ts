import type { FastifyInstance } from 'fastify';
import type { PlaygroundDeps } from '../deps';
import { asTelegramUser } from '../people-store';
import { chatParties, chatPartiesSchema } from './chat-parties';

interface ChatQuery {
  bot: string;
  person: number;
}
interface SendBody extends ChatQuery {
  text: string;
}
interface PressBody extends ChatQuery {
  messageId: number;
  data: string;
}
interface PayBody extends ChatQuery {
  messageId?: number;
  link?: string;
}

const messageId = { type: 'integer', minimum: 1 } as const;

/**
 * The chat as the page shows it, and what the person does in it. Each action becomes an
 * update the local Bot API delivers to the bot's webhook; its answer (PersonActionResult)
 * says whether the bot took it, for the page to show when something went wrong.
 */
export function registerPersonActionRoutes(app: FastifyInstance, deps: PlaygroundDeps) {
  app.get<{ Querystring: ChatQuery }>(
    '/playground/api/chat',
    {
      schema: {
        querystring: { type: 'object', required: ['bot', 'person'], properties: chatPartiesSchema },
      },
    },
    async (request) => {
      const { bot, person } = chatParties(deps, request.query.bot, request.query.person);
      return deps.botApi.chat(bot.username, person.id);
    },
  );

  app.post<{ Body: SendBody }>(
    '/playground/api/send',
    {
      schema: {
        body: {
          type: 'object',
          required: ['bot', 'person', 'text'],
          properties: {
            ...chatPartiesSchema,
            // Telegram's limit for one message.
            text: { type: 'string', minLength: 1, maxLength: 4096, pattern: '\\S' },
          },
        },
      },
    },
    async (request) => {
      const { bot, person } = chatParties(deps, request.body.bot, request.body.person);
      return deps.botApi.sendText(bot.username, asTelegramUser(person), request.body.text);
    },
  );

  app.post<{ Body: PressBody }>(
    '/playground/api/press',
    {
      schema: {
        body: {
          type: 'object',
          required: ['bot', 'person', 'messageId', 'data'],
          properties: {
            ...chatPartiesSchema,
            messageId,
            // Telegram's limit for callback_data is 64 bytes; characters are checked here.
            data: { type: 'string', minLength: 1, maxLength: 64 },
          },
        },
      },
    },
    async (request) => {
      const { bot, person } = chatParties(deps, request.body.bot, request.body.person);
      const { messageId: pressedOn, data } = request.body;
      return deps.botApi.pressButton(bot.username, asTelegramUser(person), pressedOn, data);
    },
  );

  app.post<{ Body: PayBody }>(
    '/playground/api/pay',
    {
      schema: {
        body: {
          type: 'object',
          required: ['bot', 'person'],
          properties: {
            ...chatPartiesSchema,
            messageId,
            link: { type: 'string', minLength: 1, maxLength: 512 },
          },
          // An invoice message or an invoice link (createInvoiceLink), never both.
          oneOf: [{ required: ['messageId'] }, { required: ['link'] }],
        },
      },
    },
    async (request) => {
      const { bot, person } = chatParties(deps, request.body.bot, request.body.person);
      const { messageId: invoiceMessage, link } = request.body;
      const invoice = link === undefined ? { messageId: invoiceMessage ?? 0 } : { link };
      return deps.botApi.payInvoice(bot.username, asTelegramUser(person), invoice);
    },
  );
}
