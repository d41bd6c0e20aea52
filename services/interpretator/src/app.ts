import { buildBotServiceApp, type ServiceDeps } from '@psycheos/shared';
import type { FastifyInstance } from 'fastify';
import { createInterpretatorBot } from './bot';

export function buildApp(deps: ServiceDeps): Promise<FastifyInstance> {
  return buildBotServiceApp(deps, createInterpretatorBot());
}
