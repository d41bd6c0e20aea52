// npm run parked-events [-- --replay] [--bot <bot>]: lists (or replays) the events consumers
// parked, from DATABASE_URL and NATS_URL in the environment or .env.
import { parseArgs } from 'node:util';
import { runParkedEventsCommand } from '@psycheos/events';
import {
  ConfigError,
  createLogger,
  exitWithOneLine,
  exitWithReason,
  isBotId,
  logLevelOf,
} from '@psycheos/platform';
import { loadDotEnv } from './dot-env';

const logger = createLogger({ service: 'parked-events', level: logLevelOf(process.env) });
try {
  loadDotEnv();
  const { values } = parseArgs({
    options: { replay: { type: 'boolean' }, bot: { type: 'string' } },
    strict: true,
  });
  if (values.bot !== undefined && !isBotId(values.bot)) {
    throw new Error(`no such bot: ${values.bot}`);
  }
  await runParkedEventsCommand({
    mode: values.replay ? 'replay' : 'list',
    env: process.env,
    logger,
    consumerPrefix: values.bot ? `${values.bot}-` : '',
    print: (line) => console.log(line),
  });
} catch (error) {
  if (error instanceof ConfigError) exitWithOneLine(logger, error);
  exitWithReason(logger, 1, error instanceof Error ? error.message : String(error));
}
