import { buildToolService, type ToolServiceOptions } from '@psycheos/ai';
import type { ServiceDeps } from '@psycheos/shared';
import type { FastifyInstance } from 'fastify';
import { Composer } from 'grammy';

/** The Симулятор bot: opened for one case from the pro bot (see buildToolService). */
export function buildApp(
  deps: ServiceDeps,
  options?: ToolServiceOptions,
): Promise<FastifyInstance> {
  return buildToolService(
    deps,
    {
      botId: 'simulator',
      title: 'Симулятор',
      session: new Composer(),
      onOpened: async () => {},
      jobs: {},
    },
    options,
  );
}
