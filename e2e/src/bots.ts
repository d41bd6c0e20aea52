import { BOT_IDS, type BotId, envSuffix } from '@psycheos/platform';

/** One bot as Telegram knows it: its token, the secret its webhook carries, its @username. */
export interface BotIdentity {
  botId: BotId;
  token: string;
  secret: string;
  username: string;
}

/**
 * The fake Bot API names a bot after its token's number (`psycheos_test_<number>_bot`), so
 * each bot gets a number of its own: a link's @username then says which bot it opens.
 */
const TOKEN_NUMBERS: Readonly<Record<BotId, number>> = {
  pro: 8_100_001,
  screen: 8_100_002,
  interpretator: 8_100_003,
  conceptualizator: 8_100_004,
  simulator: 8_100_005,
};

export const BOTS: Readonly<Record<BotId, BotIdentity>> = Object.fromEntries(
  BOT_IDS.map((botId) => [
    botId,
    {
      botId,
      token: `${TOKEN_NUMBERS[botId]}:E2E-${botId}`,
      secret: `e2e-${botId}-webhook-secret-0123456789abcdef`,
      username: `psycheos_test_${TOKEN_NUMBERS[botId]}_bot`,
    },
  ]),
) as Record<BotId, BotIdentity>;

/** The bot a `https://t.me/<username>?start=...` link opens. */
export function botOfUsername(username: string): BotId {
  const bot = BOT_IDS.find((botId) => BOTS[botId].username === username);
  if (!bot) throw new Error(`no bot of the platform is @${username}`);
  return bot;
}

/** TG_TOKEN_<BOT> and TG_WEBHOOK_SECRET_<BOT> for every bot: npm start enables them all. */
export function botEnvironment(): Record<string, string> {
  return Object.fromEntries(
    BOT_IDS.flatMap((botId) => [
      [`TG_TOKEN_${envSuffix(botId)}`, BOTS[botId].token],
      [`TG_WEBHOOK_SECRET_${envSuffix(botId)}`, BOTS[botId].secret],
    ]),
  );
}
