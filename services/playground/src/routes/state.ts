import type { FastifyInstance } from 'fastify';
import type { PlaygroundDeps } from '../deps';

/** How long a long poll waits for a change before answering anyway (the gateway waits 60 s). */
export const LONG_POLL_MS = 25_000;

/**
 * What the page needs to draw itself, and how it learns that something changed: a long poll
 * on the local Bot API's version, which moves on every change to any chat.
 */
export function registerStateRoutes(app: FastifyInstance, deps: PlaygroundDeps) {
  app.get('/playground/api/state', async () => ({
    bots: deps.config.bots.map(({ botId, username, firstName }) => ({
      botId,
      username,
      firstName,
    })),
    people: deps.people.list(),
    adminId: deps.config.adminId,
    aiConfigured: deps.config.isAiConfigured,
    version: deps.botApi.version(),
  }));

  // A shutdown answers the waiting polls at once instead of waiting out their 25 s.
  let stopWaiting: () => void = () => {};
  const closing = new Promise<void>((resolve) => {
    stopWaiting = resolve;
  });
  app.addHook('preClose', async () => stopWaiting());

  app.get<{ Querystring: { since: number } }>(
    '/playground/api/changes',
    {
      schema: {
        querystring: {
          type: 'object',
          required: ['since'],
          properties: { since: { type: 'integer', minimum: 0 } },
        },
      },
    },
    async (request) => {
      const { since } = request.query;
      // Any other version is news, a lower one too: the playground restarted under the page.
      if (deps.botApi.version() === since) {
        await Promise.race([deps.botApi.waitForChange(since, LONG_POLL_MS), closing]);
      }
      return { version: deps.botApi.version() };
    },
  );

  /**
   * The newest bot message of every chat, for the unread marks beside the bots and people:
   * one small answer instead of every chat on every change.
   */
  app.get('/playground/api/overview', async () => ({
    version: deps.botApi.version(),
    chats: deps.people.list().flatMap((person) =>
      deps.config.bots.map((bot) => {
        const { messages } = deps.botApi.chat(bot.username, person.id);
        const fromBot = messages.filter((message) => message.from === 'bot');
        return {
          bot: bot.username,
          person: person.id,
          lastBotMessageId: fromBot.at(-1)?.messageId ?? 0,
        };
      }),
    ),
  }));
}
