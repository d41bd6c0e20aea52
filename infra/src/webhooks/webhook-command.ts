import {
  ALLOWED_UPDATES,
  BOT_IDS,
  DEFAULT_TELEGRAM_API_ROOT,
  type Env,
  EnvReader,
  envSuffix,
  parsers,
  scrubBotTokens,
} from '@psycheos/shared';
import { Api } from 'grammy';

export type WebhookMode = 'set' | 'info' | 'delete';

const httpsUrl: typeof parsers.httpUrl = (raw) => {
  const parsed = parsers.httpUrl(raw);
  if (parsed.ok && !parsed.value.startsWith('https://')) {
    return {
      ok: false,
      problem: 'must be an https:// URL (Telegram delivers webhooks over HTTPS only)',
    };
  }
  return parsed;
};

/**
 * The spec's scripts/set_webhooks.py for all five bots: registers each bot's webhook
 * at WEBHOOK_BASE_URL/webhook/<bot> with its secret, prints getWebhookInfo, or deletes
 * them. A bot without a token is skipped with a note. Returns the exit code:
 * 0 when every bot with a token succeeded.
 */
export async function runWebhookCommand(
  mode: WebhookMode,
  rawEnv: Env,
  print: (line: string) => void,
): Promise<number> {
  const env = new EnvReader(rawEnv);
  const apiRoot = env.optional('TELEGRAM_API_ROOT', parsers.httpUrl, DEFAULT_TELEGRAM_API_ROOT);
  const baseUrl = mode === 'set' ? env.required('WEBHOOK_BASE_URL', httpsUrl) : undefined;
  const bots = BOT_IDS.map((botId) => {
    const suffix = envSuffix(botId);
    const hasToken = env.isSet(`TG_TOKEN_${suffix}`);
    return {
      botId,
      token: hasToken ? env.required(`TG_TOKEN_${suffix}`, parsers.botToken) : undefined,
      secret:
        hasToken && mode === 'set'
          ? env.required(`TG_WEBHOOK_SECRET_${suffix}`, parsers.webhookSecret)
          : undefined,
    };
  });
  env.finish();

  let failures = 0;
  for (const bot of bots) {
    if (!bot.token) {
      print(`${bot.botId}: skipped (TG_TOKEN_${envSuffix(bot.botId)} not set)`);
      continue;
    }
    const api = new Api(bot.token, { apiRoot });
    try {
      print(`${bot.botId}: ${await runOne(mode, api, bot.botId, baseUrl, bot.secret)}`);
    } catch (error) {
      failures++;
      const reason = error instanceof Error ? error.message : String(error);
      print(`${bot.botId}: failed: ${scrubBotTokens(reason)}`);
    }
  }
  return failures === 0 ? 0 : 1;
}

async function runOne(
  mode: WebhookMode,
  api: Api,
  botId: string,
  baseUrl: string | undefined,
  secret: string | undefined,
): Promise<string> {
  switch (mode) {
    case 'set': {
      const url = `${baseUrl}/webhook/${botId}`;
      await api.setWebhook(url, {
        secret_token: secret,
        drop_pending_updates: true,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      return `webhook set to ${url}`;
    }
    case 'info': {
      const info = await api.getWebhookInfo();
      return [
        `url=${info.url || '(none)'}`,
        `pending_update_count=${info.pending_update_count}`,
        `last_error_message=${info.last_error_message ?? '(none)'}`,
      ].join(' ');
    }
    case 'delete':
      await api.deleteWebhook();
      return 'webhook deleted';
  }
}
