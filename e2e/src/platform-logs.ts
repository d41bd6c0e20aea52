/** One line a service printed under npm start, pino's JSON read back. */
export interface LogEntry {
  /** The process that printed it: a bot, gateway, webapp, platform, postgres, nats. */
  service: string;
  /** pino's level: 30 info, 40 warn, 50 error, 60 fatal; 0 for a line that is not JSON. */
  level: number;
  msg: string;
  line: string;
}

const ERROR = 50;

/** npm start prefixes each process's lines with its name, as `docker compose up` does. */
export function readLogLine(line: string): LogEntry {
  const match = /^(\S+)\s*\| (.*)$/.exec(line);
  const service = match?.[1] ?? '';
  const body = match?.[2] ?? line;
  try {
    const record = JSON.parse(body) as { level?: unknown; msg?: unknown };
    return {
      service,
      level: typeof record.level === 'number' ? record.level : 0,
      msg: typeof record.msg === 'string' ? record.msg : '',
      line,
    };
  } catch {
    return { service, level: 0, msg: body, line };
  }
}

/** The lines an operator would be paged for: errors and worse. */
export function errorEntries(lines: readonly string[]): LogEntry[] {
  return lines.map(readLogLine).filter((entry) => entry.level >= ERROR);
}
