import { type BotId, envSuffix } from '../bots';
import type { EnvReader } from './env-reader';
import { webhookSecret } from './parsers';

export interface WebhookSecrets {
  /** TG_WEBHOOK_SECRET_<BOT>: the secret Telegram is (or is about to be) given. */
  secret: string;
  /**
   * TG_WEBHOOK_SECRET_<BOT>_PREVIOUS: still accepted while a rotation is under way, so
   * updates Telegram sends with the old secret are not refused (docs/OPERATIONS.md).
   */
  previousSecret: string | undefined;
}

/** A bot's webhook secret and, during a rotation, the one it replaces. */
export function readWebhookSecrets(env: EnvReader, botId: BotId): WebhookSecrets {
  const name = `TG_WEBHOOK_SECRET_${envSuffix(botId)}`;
  return {
    secret: env.required(name, webhookSecret),
    previousSecret: env.optional(`${name}_PREVIOUS`, webhookSecret),
  };
}

/** Every secret a bot accepts: the current one first. */
export function acceptedSecrets(secrets: WebhookSecrets): string[] {
  return secrets.previousSecret ? [secrets.secret, secrets.previousSecret] : [secrets.secret];
}

/**
 * One secret shared by two bots would let an update for one be posted to the other, and a
 * leak of one expose both: each bot needs its own. Records a problem naming the variables
 * (never the value) for every secret given to more than one bot.
 */
export function requireDistinctSecrets(
  env: EnvReader,
  secretsByBot: ReadonlyMap<BotId, WebhookSecrets>,
): void {
  const owners = new Map<string, Array<{ botId: BotId; variable: string }>>();
  for (const [botId, secrets] of secretsByBot) {
    const name = `TG_WEBHOOK_SECRET_${envSuffix(botId)}`;
    const named: Array<[string, string | undefined]> = [
      [name, secrets.secret],
      [`${name}_PREVIOUS`, secrets.previousSecret],
    ];
    for (const [variable, value] of named) {
      if (!value) continue;
      const list = owners.get(value) ?? [];
      // A bot's previous secret equal to its current one is harmless, not shared.
      if (!list.some((owner) => owner.botId === botId)) list.push({ botId, variable });
      owners.set(value, list);
    }
  }
  for (const list of owners.values()) {
    if (list.length > 1) {
      const names = list.map((owner) => owner.variable).join(' and ');
      env.problem(`${names} are the same: give each bot a secret of its own`);
    }
  }
}
