import { DEFAULT_TELEGRAM_API_ROOT } from '@psycheos/bot-runtime';
import {
  ALLOWED_UPDATES,
  BOT_IDS,
  type BotId,
  type Env,
  EnvReader,
  envSuffix,
  parsers,
  readWebhookSecrets,
  requireDistinctSecrets,
  scrubBotTokens,
  type WebhookSecrets,
} from '@psycheos/platform';
import { Api, GrammyError, HttpError } from 'grammy';
import { describeNetworkFailure } from './network-failure';

export type WebhookMode = 'set' | 'info' | 'delete';

/** pro's menu button, beside the message box, when WEBAPP_URL is set. */
const DASHBOARD_BUTTON = 'Панель';

export interface WebhookCommand {
  mode: WebhookMode;
  /** The bots to act on (`--bot pro,screen`); every bot with a token when empty. */
  bots: readonly BotId[];
  /**
   * `--drop-pending-updates`: Telegram forgets the updates it holds for the bot. Off by
   * default, so re-registering (a new address, a rotated secret) loses nothing.
   */
  dropPendingUpdates: boolean;
}

/**
 * The spec's scripts/set_webhooks.py: registers each bot's webhook at
 * WEBHOOK_BASE_URL/webhook/<bot> with its secret, prints getWebhookInfo, or deletes them,
 * for every bot with a token or the ones named. A bot without a token is skipped with a
 * note. Returns the exit code: 0 when every bot it acted on succeeded.
 */
export async function runWebhookCommand(
  command: WebhookCommand,
  rawEnv: Env,
  print: (line: string) => void,
): Promise<number> {
  const { mode } = command;
  const env = new EnvReader(rawEnv);
  const apiRoot = env.optional('TELEGRAM_API_ROOT', parsers.httpUrl, DEFAULT_TELEGRAM_API_ROOT);
  const baseUrl = mode === 'set' ? env.required('WEBHOOK_BASE_URL', parsers.httpsUrl) : undefined;
  // The dashboard, when deployed: pro's menu button opens it (set with pro's webhook).
  const dashboardUrl = mode === 'set' ? env.optional('WEBAPP_URL', parsers.httpsUrl) : undefined;
  const named = command.bots.length > 0;
  const bots = BOT_IDS.filter((botId) => !named || command.bots.includes(botId)).map((botId) => {
    const suffix = envSuffix(botId);
    // A bot named on the command line must have its token; the others are skipped without one.
    const hasToken = named || env.isSet(`TG_TOKEN_${suffix}`);
    return {
      botId,
      token: hasToken ? env.required(`TG_TOKEN_${suffix}`, parsers.botToken) : undefined,
      secrets: hasToken && mode === 'set' ? readWebhookSecrets(env, botId) : undefined,
    };
  });
  const secrets = new Map<BotId, WebhookSecrets>();
  for (const bot of bots) if (bot.secrets) secrets.set(bot.botId, bot.secrets);
  requireDistinctSecrets(env, secrets);
  env.finish();

  let failures = 0;
  for (const bot of bots) {
    if (!bot.token) {
      print(`${bot.botId}: skipped (TG_TOKEN_${envSuffix(bot.botId)} not set)`);
      continue;
    }
    const api = new Api(bot.token, { apiRoot });
    try {
      const secret = bot.secrets?.secret;
      print(`${bot.botId}: ${await runOne(command, api, bot.botId, baseUrl, secret)}`);
      if (bot.botId === 'pro' && dashboardUrl) {
        await api.setChatMenuButton({
          menu_button: { type: 'web_app', text: DASHBOARD_BUTTON, web_app: { url: dashboardUrl } },
        });
        print(`pro: menu button opens the dashboard at ${dashboardUrl}`);
      }
    } catch (error) {
      failures++;
      print(`${bot.botId}: failed: ${describeFailure(error, bot.botId, apiRoot)}`);
    }
  }
  return failures === 0 ? 0 : 1;
}

async function runOne(
  command: WebhookCommand,
  api: Api,
  botId: BotId,
  baseUrl: string | undefined,
  secret: string | undefined,
): Promise<string> {
  switch (command.mode) {
    case 'set': {
      const url = `${baseUrl}/webhook/${botId}`;
      await api.setWebhook(url, {
        secret_token: secret,
        drop_pending_updates: command.dropPendingUpdates,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      return `webhook set to ${url}${command.dropPendingUpdates ? ' (pending updates dropped)' : ''}`;
    }
    case 'info': {
      const info = await api.getWebhookInfo();
      const lastError = info.last_error_date
        ? `${new Date(info.last_error_date * 1000).toISOString()} ${info.last_error_message ?? ''}`
        : '(none)';
      return [
        `url=${info.url || '(none)'}`,
        `pending_update_count=${info.pending_update_count}`,
        // Absent when the bot takes Telegram's default; pre_checkout_query must be there for Stars.
        `allowed_updates=${info.allowed_updates?.join(',') || '(default)'}`,
        `last_error_message=${lastError.trim()}`,
      ].join(' ');
    }
    case 'delete':
      await api.deleteWebhook({ drop_pending_updates: command.dropPendingUpdates });
      return 'webhook deleted';
  }
}

/** What went wrong, named so an operator knows what to fix, never with the token. */
function describeFailure(error: unknown, botId: BotId, apiRoot: string): string {
  if (error instanceof GrammyError) {
    const said = `${error.error_code}: ${error.description}`;
    if (error.error_code === 401 || error.error_code === 404) {
      return `Telegram refuses TG_TOKEN_${envSuffix(botId)} (${said}): check the token in @BotFather`;
    }
    return `Telegram said ${scrubBotTokens(said)}`;
  }
  if (error instanceof HttpError) return describeNetworkFailure(error, apiRoot);
  return scrubBotTokens(error instanceof Error ? error.message : String(error));
}
