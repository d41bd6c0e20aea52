import { publishCurrentTerms } from '@psycheos/ai/terms';
import { buildBotServiceApp, type ServiceDeps, specialistTerms } from '@psycheos/bot-runtime';
import { type Clock, systemClock } from '@psycheos/platform';
import { loadInstruments } from '@psycheos/screening';
import type { FastifyInstance } from 'fastify';
import { createProBot } from './bot';
import { ESCALATE_AFTER_SECONDS, startAlertEscalation } from './crisis/alert-escalation';
import { countUndeliveredAlerts } from './crisis/crisis-alert-records';
import { startScheduleNotices } from './events/schedule-notices';
import { startScreeningNotices } from './events/screening-notices';
import { startSpecialistNotices } from './events/specialist-notices';
import { SCREENING_CHART_CALL, screeningChartRenderer } from './screening/chart-reply';
import { texts } from './texts';

export interface ProAppOptions {
  /** Crisis alert escalation timings (crisis/alert-escalation.ts); tests shorten them. */
  alertEscalation?: { escalateAfterSeconds?: number; everyMs?: number };
  /** What time it is (when a screening schedule starts); the system's clock unless a test sets one. */
  clock?: Clock;
}

export async function buildApp(
  deps: ServiceDeps,
  options: ProAppOptions = {},
): Promise<FastifyInstance> {
  const escalateAfterSeconds =
    options.alertEscalation?.escalateAfterSeconds ?? ESCALATE_AFTER_SECONDS;
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
      // Recorded as the version in force, for the dashboard and the AI tools to check.
      terms: await publishCurrentTerms(
        deps.db,
        specialistTerms(deps.config.specialistTermsText ?? texts.defaultSpecialistTerms),
      ),
      clock: options.clock ?? systemClock,
    }),
    {
      replyRenderers: { [SCREENING_CHART_CALL]: screeningChartRenderer(deps.db, catalogue) },
      healthCounts: [
        {
          name: 'crisis_alerts_undelivered',
          help: 'Crisis alerts of the last 24 hours that have not reached their specialist',
          count: () => countUndeliveredAlerts(deps.db, escalateAfterSeconds),
          problem: (count) =>
            `${count} crisis alert(s) did not reach their specialist; the admins were told (docs/OPERATIONS.md, Crisis alerts)`,
        },
      ],
    },
  );
  const escalation = startAlertEscalation({
    db: deps.db,
    adminIds: deps.config.adminIds,
    logger: deps.logger,
    escalateAfterSeconds,
    everyMs: options.alertEscalation?.everyMs,
  });
  const notices = startSpecialistNotices(deps);
  const screening = startScreeningNotices(deps, catalogue);
  const schedules = startScheduleNotices(deps, catalogue);
  // Registered after buildBotServiceApp's hooks, so it runs before NATS is closed.
  app.addHook('preClose', async () => {
    await notices.stop();
    await screening.stop();
    await schedules.stop();
    await escalation.stop();
  });
  return app;
}
