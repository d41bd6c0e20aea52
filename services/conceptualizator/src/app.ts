import { buildBotServiceApp, createToolBot, type ServiceDeps } from '@psycheos/shared';
import type { FastifyInstance } from 'fastify';

/** The Концептуализатор bot: opened for one case from the pro bot (see createToolBot). */
export function buildApp(deps: ServiceDeps): Promise<FastifyInstance> {
  return buildBotServiceApp(
    deps,
    createToolBot({
      botId: 'conceptualizator',
      title: 'Концептуализатор',
      strangerReplyIntervalMinutes: deps.config.strangerReplyIntervalMinutes,
    }),
  );
}
