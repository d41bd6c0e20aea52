import { buildBotServiceApp, type ServiceDeps } from '@psycheos/shared';
import type { FastifyInstance } from 'fastify';
import { createProBot } from './bot';

export function buildApp(deps: ServiceDeps): Promise<FastifyInstance> {
  return buildBotServiceApp(deps, createProBot({ adminIds: deps.config.adminIds }));
}
