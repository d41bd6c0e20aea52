import { buildToolService, type ToolServiceOptions } from '@psycheos/ai';
import type { ServiceDeps } from '@psycheos/bot-runtime';
import { CrisisLanguage } from '@psycheos/screening/crisis';
import type { FastifyInstance } from 'fastify';
import { interpretatorSession, introduce } from './bot/session';
import { followUpJob } from './jobs/follow-up';
import { interpretJob } from './jobs/interpret';

/**
 * The Интерпретатор bot: opened for one case from the pro bot; the specialist sends
 * material and gets a structured interpretation whose every quote is checked, with the
 * crisis phrase list's matches flagged, then asks follow-up questions in the same
 * conversation.
 */
export function buildApp(
  deps: ServiceDeps,
  options?: ToolServiceOptions,
): Promise<FastifyInstance> {
  // The phrase list is checked here, at start: a broken one stops the service.
  const crisisLanguage = new CrisisLanguage();
  return buildToolService(
    deps,
    {
      botId: 'interpretator',
      title: 'Интерпретатор',
      session: interpretatorSession(),
      onOpened: introduce,
      jobs: { interpret: interpretJob(crisisLanguage), 'follow-up': followUpJob },
    },
    options,
  );
}
