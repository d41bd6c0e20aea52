// npm run set-webhooks [-- --info | --delete] [--bot <bot>] [--drop-pending-updates]
import { ConfigError } from '@psycheos/platform';
import { loadDotEnv } from '../dot-env';
import { parseWebhookArgs, WEBHOOK_USAGE } from './webhook-args';
import { runWebhookCommand } from './webhook-command';

try {
  loadDotEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const command = parseWebhookArgs(process.argv.slice(2));

if ('problem' in command) {
  console.error(`${command.problem}\n${WEBHOOK_USAGE}`);
  process.exitCode = 2;
} else {
  try {
    process.exitCode = await runWebhookCommand(command, process.env, (line) => console.log(line));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
