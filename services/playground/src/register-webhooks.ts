import { ALLOWED_UPDATES } from '@psycheos/platform';
import type { PlaygroundBot } from './config';

/**
 * Registers each bot's webhook on the local Bot API through its own HTTP API, as
 * `npm run set-webhooks` does on Telegram: the gateway's /webhook/<botId> with the bot's
 * secret. The local Bot API then delivers the person's updates there, and the gateway checks
 * the secret and forwards them to the bot's service, the same path as in production.
 */
export async function registerWebhooks(
  apiRoot: string,
  bots: readonly PlaygroundBot[],
  gatewayUrl: string,
): Promise<void> {
  for (const bot of bots) {
    const response = await fetch(`${apiRoot}/bot${bot.token}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        url: `${gatewayUrl}/webhook/${bot.botId}`,
        secret_token: bot.secret,
        allowed_updates: ALLOWED_UPDATES,
      }),
    });
    const answer = (await response.json().catch(() => ({}))) as {
      ok?: boolean;
      description?: string;
    };
    if (!answer.ok) {
      // The token stays out of the message: it is in the URL, not in the description.
      throw new Error(
        `the local Bot API refused ${bot.botId}'s webhook: ${answer.description ?? `HTTP ${response.status}`}`,
      );
    }
  }
}
