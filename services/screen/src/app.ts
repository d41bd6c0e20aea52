import { loadInstruments } from '@psycheos/screening';
import { CrisisLanguage } from '@psycheos/screening/crisis';
import { buildBotServiceApp, type ServiceDeps } from '@psycheos/shared';
import type { FastifyInstance } from 'fastify';
import { createScreenBot } from './bot';
import { screenMustHandle } from './bot/never-dropped';
import {
  DEFAULT_CRISIS_RESOURCES_WARNING,
  DEFAULT_SERVICE_OPERATOR_WARNING,
  type ScreenSettings,
  usesDefaultCrisisResources,
} from './config';
import { texts } from './texts';

const defaultSettings: ScreenSettings = {
  crisisResources: texts.crisisResources,
  serviceOperator: texts.unnamedOperator,
};

/**
 * The screen service. Its questionnaires and crisis phrases are data files, checked here:
 * one that does not fit its schema stops the start with one line (a ConfigError). Crisis
 * resources left at the default are started with, but said once in the log: the default
 * names no adult helpline; so is a consent that names no operator.
 */
export function buildApp(
  deps: ServiceDeps,
  settings: ScreenSettings = defaultSettings,
): Promise<FastifyInstance> {
  const catalogue = loadInstruments(settings.instrumentsDir);
  const crisisLanguage = new CrisisLanguage();
  if (usesDefaultCrisisResources(settings)) deps.logger.warn(DEFAULT_CRISIS_RESOURCES_WARNING);
  if (settings.serviceOperator === texts.unnamedOperator) {
    deps.logger.warn(DEFAULT_SERVICE_OPERATOR_WARNING);
  }
  return buildBotServiceApp(
    deps,
    createScreenBot({
      catalogue,
      crisisLanguage,
      crisisResources: settings.crisisResources,
      serviceOperator: settings.serviceOperator,
      strangerReplyIntervalMinutes: deps.config.strangerReplyIntervalMinutes,
    }),
    { mustBeHandled: screenMustHandle(crisisLanguage) },
  );
}
