import { BOT_IDS, type BotId, envSuffix } from '@psycheos/platform';

export type BotPlan =
  | { botId: BotId; enabled: true }
  | { botId: BotId; enabled: false; reason: string };

/**
 * Which bots the local platform runs: those with a token and a webhook secret.
 * The rest are reported as disabled with what is missing, so a newcomer without
 * tokens still gets a running gateway and a clear list of what to set.
 */
export function planBots(env: Readonly<Record<string, string | undefined>>): BotPlan[] {
  return BOT_IDS.map((botId) => {
    const suffix = envSuffix(botId);
    const missing = [`TG_TOKEN_${suffix}`, `TG_WEBHOOK_SECRET_${suffix}`].filter(
      (name) => !env[name]?.trim(),
    );
    return missing.length === 0
      ? { botId, enabled: true }
      : { botId, enabled: false, reason: `${missing.join(' and ')} not set` };
  });
}
