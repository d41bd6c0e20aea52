import { parseArgs } from 'node:util';
import { BOT_IDS, type BotId, isBotId } from '@psycheos/platform';
import type { WebhookCommand } from './webhook-command';

export const WEBHOOK_USAGE = `usage: npm run set-webhooks -- [--info | --delete] [--bot <bot>[,<bot>...]] [--drop-pending-updates]
  (no mode)               register the webhooks at WEBHOOK_BASE_URL/webhook/<bot>
  --info                  print what Telegram has registered, pending updates and the last error
  --delete                remove the webhooks
  --bot pro,screen        only these bots (${BOT_IDS.join(', ')}); default: every bot with a token
  --drop-pending-updates  let Telegram forget the updates it holds (kept by default)`;

/** The command line of `npm run set-webhooks`, or the problem with it. */
export function parseWebhookArgs(argv: readonly string[]): WebhookCommand | { problem: string } {
  let values: {
    info?: boolean;
    delete?: boolean;
    bot?: string[];
    'drop-pending-updates'?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        info: { type: 'boolean' },
        delete: { type: 'boolean' },
        bot: { type: 'string', multiple: true },
        'drop-pending-updates': { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    return { problem: (error as Error).message };
  }
  if (values.info && values.delete) return { problem: '--info and --delete exclude each other' };
  const names = (values.bot ?? []).flatMap((list) => list.split(',')).map((name) => name.trim());
  const unknown = names.filter((name) => !isBotId(name));
  if (unknown.length > 0) return { problem: `no such bot: ${unknown.join(', ')}` };
  return {
    mode: values.delete ? 'delete' : values.info ? 'info' : 'set',
    bots: [...new Set(names)] as BotId[],
    dropPendingUpdates: values['drop-pending-updates'] === true,
  };
}
