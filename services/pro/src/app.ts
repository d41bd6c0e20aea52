import { buildBotServiceApp, type ServiceDeps } from '@psycheos/shared';
import type { FastifyInstance } from 'fastify';
import { createProBot } from './bot';
import { startSpecialistNotices } from './events/specialist-notices';

export async function buildApp(deps: ServiceDeps): Promise<FastifyInstance> {
  const app = await buildBotServiceApp(
    deps,
    createProBot({
      adminIds: deps.config.adminIds,
      strangerReplyIntervalMinutes: deps.config.strangerReplyIntervalMinutes,
    }),
  );
  const notices = startSpecialistNotices(deps);
  // Registered after buildBotServiceApp's hooks, so it runs before NATS is closed.
  app.addHook('preClose', () => notices.stop());
  return app;
}
