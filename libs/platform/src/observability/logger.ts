import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from '../config/log-level';

export type { Logger };

/**
 * Only what helps an operator: the error's kind, message, code and stack.
 * Not its other fields: a pg error's `detail` quotes the row it choked on,
 * which may be a client's name.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const { code } = error as { code?: unknown };
  return {
    type: error.name,
    message: error.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: error.stack,
  };
}

export interface LoggerOptions {
  service: string;
  /** LOG_LEVEL (config/log-level.ts); `debug: true` is short for level debug. */
  level?: LogLevel;
  debug?: boolean;
  /** Where the JSON lines go; stdout unless a test captures them. */
  destination?: DestinationStream;
}

/**
 * JSON lines, one per event. Callers add bot_id, update_id and chat_id with child loggers.
 * Message texts are never logged; the redaction is a second line of defence for
 * secrets that end up in a logged object by mistake.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      base: { service: options.service },
      level: options.level ?? (options.debug ? 'debug' : 'info'),
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError, error: serializeError },
      redact: {
        paths: [
          'token',
          'secret',
          '*.token',
          '*.secret',
          'headers["x-telegram-bot-api-secret-token"]',
          'req.headers["x-telegram-bot-api-secret-token"]',
        ],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}
