// npm run set-webhooks [-- --info | --delete]
import { existsSync } from 'node:fs';
import { ConfigError } from '@psycheos/shared';
import { runWebhookCommand, type WebhookMode } from './webhook-command';

if (existsSync('.env')) process.loadEnvFile('.env');
const mode: WebhookMode = process.argv.includes('--delete')
  ? 'delete'
  : process.argv.includes('--info')
    ? 'info'
    : 'set';

try {
  process.exitCode = await runWebhookCommand(mode, process.env, (line) => console.log(line));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
