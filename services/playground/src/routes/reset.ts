import type { FastifyInstance } from 'fastify';
import type { PlaygroundDeps } from '../deps';

/**
 * «Начать заново»: every chat and file is forgotten and only the default people stay. What
 * the bots stored themselves (registrations, cases) is theirs and stays in their database.
 */
export function registerResetRoute(app: FastifyInstance, deps: PlaygroundDeps) {
  app.post('/playground/api/reset', async () => {
    await deps.botApi.clearChats();
    await deps.people.reset();
    deps.logger.info('playground reset: chats, files and added people cleared');
    return { ok: true, version: deps.botApi.version() };
  });
}
