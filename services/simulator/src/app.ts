import { buildToolService, type PracticeSession, type ToolServiceOptions } from '@psycheos/ai';
import type { ServiceDeps } from '@psycheos/bot-runtime';
import type { FastifyInstance } from 'fastify';
import { introduce, simulatorSession } from './bot/session';
import { buildPersonaJob } from './jobs/build-persona';
import { clientTurnJob } from './jobs/client-turn';
import { superviseJob } from './jobs/supervise';
import { loadPersonas } from './persona/load-personas';
import { PERSONAS_DIR } from './persona-library';

/**
 * The Симулятор bot, the specialist's trainer: opened from pro's main menu («🎓 Тренажёр»)
 * for the specialist alone, never for a case (its clients are fictional). The specialist
 * picks a persona from the library (or describes one for the model to build), runs a CBT
 * session with the model playing the client, and on «⏹ Завершить» gets a supervisor's CTRS
 * score with quotes from the transcript, kept as their own practice beside their earlier
 * totals.
 */
export function buildApp(
  deps: ServiceDeps,
  options?: ToolServiceOptions,
): Promise<FastifyInstance> {
  const library = loadPersonas(PERSONAS_DIR);
  return buildToolService<PracticeSession>(
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
