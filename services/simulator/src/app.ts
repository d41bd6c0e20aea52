import { buildBotServiceApp, createToolBot, type ServiceDeps } from '@psycheos/shared';
import type { FastifyInstance } from 'fastify';

/** The Симулятор bot: opened for one case from the pro bot (see createToolBot). */
export function buildApp(deps: ServiceDeps): Promise<FastifyInstance> {
  return buildBotServiceApp(
    deps,
    createToolBot({
      botId: 'simulator',
      title: 'Симулятор',
      strangerReplyIntervalMinutes: deps.config.strangerReplyIntervalMinutes,
    }),
  );
}
