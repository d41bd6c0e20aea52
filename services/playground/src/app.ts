import { createHttpServer } from '@psycheos/platform';
import type { FastifyInstance } from 'fastify';
import type { PlaygroundDeps } from './deps';
import { refuseOtherMachines } from './loopback-only';
import { registerFileRoute } from './routes/files';
import { registerPageRoutes } from './routes/page';
import { registerPeopleRoutes } from './routes/people';
import { registerPersonActionRoutes } from './routes/person-actions';
import { registerResetRoute } from './routes/reset';
import { registerStateRoutes } from './routes/state';
import { registerWebAppRoute } from './routes/web-app';

export type { PlaygroundDeps } from './deps';

/**
 * The playground: a page where a developer uses every bot as Telegram would, as several
 * people, and the JSON API under /playground/api it talks to. Everything is under
 * /playground, the path the gateway forwards here.
 */
export async function buildApp(deps: PlaygroundDeps): Promise<FastifyInstance> {
  const app = createHttpServer({ logger: deps.logger });
  refuseOtherMachines(app);
  await registerPageRoutes(app, deps.config.dashboardUrl);
  registerStateRoutes(app, deps);
  registerPeopleRoutes(app, deps);
  registerPersonActionRoutes(app, deps);
  registerWebAppRoute(app, deps);
  registerFileRoute(app, deps);
  registerResetRoute(app, deps);
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ ok: false, error: 'no such playground route' }),
  );
  return app;
}
