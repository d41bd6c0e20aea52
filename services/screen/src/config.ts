import { type Env, EnvReader, type Parser, parsers } from '@psycheos/platform';
import type { DaytimeHours } from './schedule/daytime-window';
import { isKnownTimeZone } from './schedule/local-time';
import { texts } from './texts';

/** What the screen service reads beyond the shared ServiceConfig. */
export interface ScreenSettings {
  /**
   * CRISIS_RESOURCES_TEXT: what a client in crisis is sent at once. There is no switch
   * to turn the crisis protocol off; an empty value means the default, and a text without
   * a phone number is refused at start, so a typo cannot silence it.
   */
  crisisResources: string;
  /**
   * SERVICE_OPERATOR_TEXT: who operates the service (the personal data operator, with a
   * contact), named in the client's consent. The default says that nobody is named yet.
   */
  serviceOperator: string;
  /**
   * SCREENING_TIME_ZONE and SCREENING_HOURS: when scheduled questionnaires and their
   * reminders may reach a client (schedule/daytime-window.ts). Europe/Moscow, 10-20.
   */
  daytime: { timeZone: string; hours: DaytimeHours };
  /** Where the questionnaire files are; the lib's own folder unless a test says otherwise. */
  instrumentsDir?: URL | string;
}

export const DEFAULT_DAYTIME = {
  timeZone: 'Europe/Moscow',
  hours: { from: 10, to: 20 },
} as const satisfies ScreenSettings['daytime'];

const timeZone: Parser<string> = (raw) =>
  isKnownTimeZone(raw)
    ? { ok: true, value: raw }
    : { ok: false, problem: 'must be an IANA time zone, e.g. Europe/Moscow or Asia/Yekaterinburg' };

/** "10-20": whole hours, the first before the second, within 0-24. */
const daytimeHours: Parser<DaytimeHours> = (raw) => {
  const match = /^(\d{1,2})\s*-\s*(\d{1,2})$/.exec(raw);
  const from = Number(match?.[1]);
  const to = Number(match?.[2]);
  if (!match || from >= to || to > 24) {
    return {
      ok: false,
      problem: 'must be the opening and closing hour as from-to, e.g. 10-20 (0-24: any time)',
    };
  }
  return { ok: true, value: { from, to } };
};

const MAX_MESSAGE = 3_500;
/** One line of the consent message, which has a dozen others. */
const MAX_OPERATOR = 500;

/** "\n" written in a .env line stands for a line break; a number must be in it. */
const crisisText: Parser<string> = (raw) => {
  const value = raw.replaceAll('\\n', '\n').trim();
  if (!/\d{2,}/.test(value)) return { ok: false, problem: 'must name at least one phone number' };
  if (value.length > MAX_MESSAGE) {
    return { ok: false, problem: `must be at most ${MAX_MESSAGE} characters` };
  }
  return { ok: true, value };
};

/**
 * Logged once at start while the default is in use. The default's only helpline is the
 * children's and parents' line: an adult client in crisis would get no adult line to call.
 */
export const DEFAULT_CRISIS_RESOURCES_WARNING =
  "CRISIS_RESOURCES_TEXT is not set: clients in crisis get the default text (112 and the children's and parents' helpline +7 800 2000-122); Russia has no single adult helpline, so set CRISIS_RESOURCES_TEXT to a text naming an adult or regional crisis line with its phone number (docs/SCREENING.md)";

/** Logged once at start while the consent names no operator. */
export const DEFAULT_SERVICE_OPERATOR_WARNING =
  'SERVICE_OPERATOR_TEXT is not set: the consent message tells clients that no operator is named and to ask their specialist; set SERVICE_OPERATOR_TEXT to who operates this service and how to reach them, e.g. «ИП Иванова Мария Петровна, privacy@example.ru» (docs/SCREENING.md)';

/** Whether clients would get the built-in text rather than one the deployment chose. */
export function usesDefaultCrisisResources(settings: ScreenSettings): boolean {
  return settings.crisisResources === texts.crisisResources;
}

export function loadScreenSettings(rawEnv: Env): ScreenSettings {
  const env = new EnvReader(rawEnv);
  const crisisResources = env.optional('CRISIS_RESOURCES_TEXT', crisisText, texts.crisisResources);
  const serviceOperator = env.optional(
    'SERVICE_OPERATOR_TEXT',
    parsers.messageText(MAX_OPERATOR),
    texts.unnamedOperator,
  );
  const daytime = {
    timeZone: env.optional('SCREENING_TIME_ZONE', timeZone, DEFAULT_DAYTIME.timeZone),
    hours: env.optional('SCREENING_HOURS', daytimeHours, DEFAULT_DAYTIME.hours),
  };
  env.finish();
  return { crisisResources, serviceOperator, daytime };
}
