import { type Env, EnvReader, type Parser } from './env-reader';
import { boolean } from './parsers';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const logLevel: Parser<LogLevel> = (raw) => {
  const lowered = raw.toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(lowered)
    ? { ok: true, value: lowered as LogLevel }
    : { ok: false, problem: `must be one of ${LOG_LEVELS.join(', ')}` };
};

/**
 * LOG_LEVEL when set; else `debug` when DEBUG is on (true, 1, yes or on: the original
 * system's variable, kept so existing setups keep working); else `info`.
 */
export function readLogLevel(env: EnvReader): LogLevel {
  const debug = env.optional('DEBUG', boolean, false);
  return env.optional('LOG_LEVEL', logLevel, debug ? 'debug' : 'info');
}

/**
 * The level for the logger a process makes before its configuration is read (it must log
 * the configuration's own errors). A malformed value falls back here and is reported by
 * the configuration, which reads it again.
 */
export function logLevelOf(rawEnv: Env): LogLevel {
  return readLogLevel(new EnvReader(rawEnv));
}
