import { buildToolService, type ToolServiceOptions } from '@psycheos/ai';
import type { ServiceDeps } from '@psycheos/bot-runtime';
import type { FastifyInstance } from 'fastify';
import { introduce } from './bot/resume';
import { conceptualizatorSession } from './bot/session';
import { frameworks } from './frameworks';
import { conceptualizatorJobs } from './jobs/conceptualizator-jobs';

/**
 * The Концептуализатор bot: opened for one case from the pro bot; a guided intake (one
 * question at a time, skippable, resumable), the case's material offered as context, then
 * a conceptualization in the framework the specialist picks, revised section by section.
 */
export function buildApp(
  deps: ServiceDeps,
  options?: ToolServiceOptions,
): Promise<FastifyInstance> {
  return buildToolService(
    deps,
    {
      botId: 'conceptualizator',
      title: 'Концептуализатор',
      session: conceptualizatorSession(),
      onOpened: introduce,
      jobs: conceptualizatorJobs(frameworks),
    },
    options,
  );
}
