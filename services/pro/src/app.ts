import { loadInstruments } from '@psycheos/screening';
import { buildBotServiceApp, type ServiceDeps } from '@psycheos/shared';
import type { FastifyInstance } from 'fastify';
import { createProBot } from './bot';
import { startScreeningNotices } from './events/screening-notices';
import { startSpecialistNotices } from './events/specialist-notices';
import { SCREENING_CHART_CALL, screeningChartRenderer } from './screening/chart-reply';

export async function buildApp(deps: ServiceDeps): Promise<FastifyInstance> {
  // The questionnaires are data: a file that breaks the schema stops the start (one line).
  const catalogue = loadInstruments();
  const app = await buildBotServiceApp(
    deps,
    createProBot({
      adminIds: deps.config.adminIds,
      strangerReplyIntervalMinutes: deps.config.strangerReplyIntervalMinutes,
      catalogue,
      billing: deps.config.billing,
      dashboardUrl: deps.config.dashboardUrl,
    }),
    { replyRenderers: { [SCREENING_CHART_CALL]: screeningChartRenderer(deps.db, catalogue) } },
  );
  const notices = startSpecialistNotices(deps);
  const screening = startScreeningNotices(deps, catalogue);
  // Registered after buildBotServiceApp's hooks, so it runs before NATS is closed.
  app.addHook('preClose', async () => {
    await notices.stop();
    await screening.stop();
  });
  return app;
}
