import type { FastifyInstance } from 'fastify';
import { BadRequest } from '../bad-request';
import type { PlaygroundDeps } from '../deps';
import { isUnderDashboard, signInitData, webAppLaunchUrl } from '../web-app-launch';
import { chatParties, chatPartiesSchema } from './chat-parties';

interface WebAppBody {
  bot: string;
  person: number;
  url: string;
}

/**
 * A web_app button pressed: the Mini App's address with launch data signed for this person
 * with the token of the bot that showed the button, as Telegram would open it. Only the
 * dashboard gets it: signed launch data is a credential, and no other page should hold one.
 */
export function registerWebAppRoute(app: FastifyInstance, deps: PlaygroundDeps) {
  app.post<{ Body: WebAppBody }>(
    '/playground/api/web-app',
    {
      schema: {
        body: {
          type: 'object',
          required: ['bot', 'person', 'url'],
          properties: {
            ...chatPartiesSchema,
            url: { type: 'string', minLength: 1, maxLength: 2048 },
          },
        },
      },
    },
    async (request) => {
      const { bot, person } = chatParties(deps, request.body.bot, request.body.person);
      if (!isUnderDashboard(request.body.url, deps.config.dashboardUrl)) {
        throw new BadRequest(
          `the playground opens only the dashboard (${deps.config.dashboardUrl}) as a Mini App`,
        );
      }
      const initData = signInitData(person, bot.token, deps.clock());
      return { url: webAppLaunchUrl(request.body.url, initData) };
    },
  );
}
