import { buildBotServiceApp, type ServiceDeps } from '@psycheos/shared';
import type { FastifyInstance } from 'fastify';
import { createScreenBot } from './bot';

export function buildApp(deps: ServiceDeps): Promise<FastifyInstance> {
  return buildBotServiceApp(
    deps,
    createScreenBot({ strangerReplyIntervalMinutes: deps.config.strangerReplyIntervalMinutes }),
  );
}
