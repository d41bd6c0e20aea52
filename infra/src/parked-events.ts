// npm run parked-events [-- --replay | --discard <seq>] [--bot <bot>]: lists, replays or
// discards the events consumers parked, from DATABASE_URL and NATS_URL in the environment
// or .env, else those of the npm start running beside it (<data dir>/running.env).
import { parseArgs } from 'node:util';
import { parseStreamSeq, runParkedEventsCommand } from '@psycheos/events';
import {
  ConfigError,
  createLogger,
  exitWithOneLine,
  exitWithReason,
  isBotId,
  logLevelOf,
} from '@psycheos/platform';
import { loadDotEnv } from './dot-env';
import { loadRunningStores } from './platform/running-stores';

const logger = createLogger({ service: 'parked-events', level: logLevelOf(process.env) });
try {
  loadDotEnv();
  // Beside a running npm start: its embedded PostgreSQL and nats-server, unless told otherwise.
  loadRunningStores();
  const { values } = parseArgs({
    options: {
      replay: { type: 'boolean' },
      discard: { type: 'string' },
      bot: { type: 'string' },
    },
    strict: true,
  });
  if (values.bot !== undefined && !isBotId(values.bot)) {
    throw new Error(`no such bot: ${values.bot}`);
  }
  if (values.replay && values.discard !== undefined) {
    throw new Error('--replay and --discard are two commands: give one');
  }
  await runParkedEventsCommand({
    mode: values.discard !== undefined ? 'discard' : values.replay ? 'replay' : 'list',
    streamSeq: values.discard !== undefined ? parseStreamSeq(values.discard) : undefined,
    env: process.env,
    logger,
    consumerPrefix: values.bot ? `${values.bot}-` : '',
    print: (line) => console.log(line),
  });
} catch (error) {
  if (error instanceof ConfigError) exitWithOneLine(logger, error);
  exitWithReason(logger, 1, error instanceof Error ? error.message : String(error));
}
