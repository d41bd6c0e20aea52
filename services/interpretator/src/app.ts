import { buildBotServiceApp, createToolBot, type ServiceDeps } from '@psycheos/shared';
import type { FastifyInstance } from 'fastify';

/** The Интерпретатор bot: opened for one case from the pro bot (see createToolBot). */
export function buildApp(deps: ServiceDeps): Promise<FastifyInstance> {
  return buildBotServiceApp(
    deps,
    createToolBot({
      botId: 'interpretator',
      title: 'Интерпретатор',
      strangerReplyIntervalMinutes: deps.config.strangerReplyIntervalMinutes,
    }),
  );
}
