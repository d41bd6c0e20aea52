import { buildBotServiceApp, type ServiceDeps } from '@psycheos/bot-runtime';
import { type Clock, systemClock } from '@psycheos/platform';
import { loadInstruments } from '@psycheos/screening';
import { CrisisLanguage } from '@psycheos/screening/crisis';
import type { FastifyInstance } from 'fastify';
import { createScreenBot } from './bot';
import { screenMustHandle } from './bot/never-dropped';
import {
  DEFAULT_CRISIS_RESOURCES_WARNING,
  DEFAULT_DAYTIME,
  DEFAULT_SERVICE_OPERATOR_WARNING,
  type ScreenSettings,
  usesDefaultCrisisResources,
} from './config';
import { DaytimeWindow } from './schedule/daytime-window';
import { runScheduleJobs } from './schedule/schedule-runner';
import { scheduleTasks } from './schedule/schedule-tasks';
import { texts } from './texts';

const defaultSettings: ScreenSettings = {
  crisisResources: texts.crisisResources,
  serviceOperator: texts.unnamedOperator,
  daytime: DEFAULT_DAYTIME,
};

/** What tests change beyond the settings. */
export interface ScreenAppOptions {
  /** What time it is (schedules' due sends); the system's clock unless a test sets one. */
  clock?: Clock;
  /**
   * Whether this process runs the schedule's jobs (it does in production); a test that runs
   * them by hand, at the times its clock says, turns the runner off.
   */
  runsScheduleJobs?: boolean;
  /** How often the job runner looks for jobs when no notification came. */
  jobPollIntervalMs?: number;
}

/**
 * The screen service. Its questionnaires and crisis phrases are data files, checked here:
 * one that does not fit its schema stops the start with one line (a ConfigError, thrown
 * before anything is built). Crisis
 * resources left at the default are started with, but said once in the log: the default
 * names no adult helpline; so is a consent that names no operator. Scheduled questionnaires
 * are jobs in PostgreSQL that this service runs (schedule/).
 */
export function buildApp(
  deps: ServiceDeps,
  settings: ScreenSettings = defaultSettings,
  options: ScreenAppOptions = {},
): Promise<FastifyInstance> {
  const catalogue = loadInstruments(settings.instrumentsDir);
  const crisisLanguage = new CrisisLanguage();
  if (usesDefaultCrisisResources(settings)) deps.logger.warn(DEFAULT_CRISIS_RESOURCES_WARNING);
  if (settings.serviceOperator === texts.unnamedOperator) {
    deps.logger.warn(DEFAULT_SERVICE_OPERATOR_WARNING);
  }
  const clock = options.clock ?? systemClock;
  const window = new DaytimeWindow(settings.daytime.timeZone, settings.daytime.hours);
  const built = buildBotServiceApp(
    deps,
    createScreenBot({
      catalogue,
      crisisLanguage,
      crisisResources: settings.crisisResources,
      serviceOperator: settings.serviceOperator,
      strangerReplyIntervalMinutes: deps.config.strangerReplyIntervalMinutes,
      clock,
      window,
    }),
    { mustBeHandled: screenMustHandle(crisisLanguage) },
  );
  if (options.runsScheduleJobs === false) return built;
  const tasks = scheduleTasks({
    db: deps.db,
    clock,
    window,
    catalogue,
    logger: deps.logger,
    serviceOperator: settings.serviceOperator,
  });
  return built.then((app) => {
    runScheduleJobs(app, deps, tasks, options.jobPollIntervalMs);
    return app;
  });
}
