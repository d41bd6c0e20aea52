import { buildToolService, type ToolServiceOptions } from '@psycheos/ai';
import type { ServiceDeps } from '@psycheos/shared';
import type { FastifyInstance } from 'fastify';
import { introduce, simulatorSession } from './bot/session';
import { buildPersonaJob } from './jobs/build-persona';
import { clientTurnJob } from './jobs/client-turn';
import { superviseJob } from './jobs/supervise';
import { loadPersonas } from './persona/load-personas';
import { PERSONAS_DIR } from './persona-library';

/**
 * The Симулятор bot: opened for one case from the pro bot; the specialist picks a persona
 * from the library (or describes one for the model to build), runs a CBT session with the
 * model playing the client, and on «⏹ Завершить» gets a supervisor's CTRS score with
 * quotes from the transcript, saved to the case, beside their earlier totals.
 */
export function buildApp(
  deps: ServiceDeps,
  options?: ToolServiceOptions,
): Promise<FastifyInstance> {
  const library = loadPersonas(PERSONAS_DIR);
  return buildToolService(
    deps,
    {
      botId: 'simulator',
      title: 'Симулятор',
      session: simulatorSession(library),
      onOpened: introduce(library),
      jobs: {
        'build-persona': buildPersonaJob,
        'client-turn': clientTurnJob,
        supervise: superviseJob,
      },
    },
    options,
  );
}
