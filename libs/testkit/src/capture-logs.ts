import { createLogger, type Logger } from '@psycheos/platform';

export interface CapturedLogs {
  logger: Logger;
  /** Every line written, raw, for tests that look for leaked secrets or texts. */
  lines: string[];
  records(): Array<Record<string, unknown>>;
}

export function captureLogs(service = 'test'): CapturedLogs {
  const lines: string[] = [];
  const logger = createLogger({
    service,
    debug: true,
    destination: { write: (line: string) => void lines.push(line) },
  });
  return {
    logger,
    lines,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
