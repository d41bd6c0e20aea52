import { randomBytes } from 'node:crypto';
import { BOT_IDS, type BotId, envSuffix } from '@psycheos/platform';

/** The playground's bots as they appear in it: getMe answers with these. */
const PLAYGROUND_BOTS: Record<BotId, { telegramId: number; username: string; firstName: string }> =
  {
    pro: { telegramId: 7000000001, username: 'psycheos_pro_bot', firstName: 'PsycheOS Pro' },
    screen: { telegramId: 7000000002, username: 'psycheos_screen_bot', firstName: 'Скрининг' },
    interpretator: {
      telegramId: 7000000003,
      username: 'psycheos_interpretator_bot',
      firstName: 'Интерпретатор',
    },
    conceptualizator: {
      telegramId: 7000000004,
      username: 'psycheos_conceptualizator_bot',
      firstName: 'Концептуализатор',
    },
    simulator: {
      telegramId: 7000000005,
      username: 'psycheos_simulator_bot',
      firstName: 'Тренажёр',
    },
  };

/** The playground's admin: npm start adds this id to ADMIN_IDS. */
export const PLAYGROUND_ADMIN_ID = 700000001;

export type PlaygroundDecision =
  | { isOn: true }
  | { isOn: false; reason: 'tokens' | 'production' | 'turned-off' };

/**
 * The playground runs when no bot has a Telegram token: then nothing could be tried any other
 * way. One token is enough to turn it off, since a real bot must never share its platform with
 * people anyone can pretend to be. Never under NODE_ENV=production; PSYCHEOS_PLAYGROUND=off
 * turns it off too (npm start then runs the gateway alone, as before).
 */
export function decidePlayground(
  env: Readonly<Record<string, string | undefined>>,
): PlaygroundDecision {
  if (BOT_IDS.some((botId) => env[`TG_TOKEN_${envSuffix(botId)}`]?.trim())) {
    return { isOn: false, reason: 'tokens' };
  }
  if (env.NODE_ENV === 'production') return { isOn: false, reason: 'production' };
  if (env.PSYCHEOS_PLAYGROUND === 'off') return { isOn: false, reason: 'turned-off' };
  return { isOn: true };
}

/**
 * The variables that make every bot talk to the local Bot API instead of Telegram: a token
 * and a webhook secret per bot (made up at every start: they guard nothing outside this
 * machine), the API's root, the admin, and the dashboard over loopback http. Also what the
 * playground itself is told. Variables the developer set win, except the tokens.
 */
export function playgroundEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  ports: { gateway: number; botApi: number; playground: number },
): { bots: Record<string, string>; playground: Record<string, string> } {
  const identities = BOT_IDS.map((botId) => ({
    botId,
    token: `${PLAYGROUND_BOTS[botId].telegramId}:${randomBytes(24).toString('base64url')}`,
    secret: randomBytes(24).toString('hex'),
    username: PLAYGROUND_BOTS[botId].username,
    firstName: PLAYGROUND_BOTS[botId].firstName,
  }));
  const bots: Record<string, string> = {
    TELEGRAM_API_ROOT: `http://127.0.0.1:${ports.botApi}`,
    ADMIN_IDS: [env.ADMIN_IDS?.trim(), String(PLAYGROUND_ADMIN_ID)].filter(Boolean).join(','),
    WEBAPP_URL: env.WEBAPP_URL?.trim() || `http://localhost:${ports.gateway}/app`,
    SERVICE_URL_PLAYGROUND: `http://127.0.0.1:${ports.playground}`,
  };
  // The page is where things happen: the terminal shows warnings and the launcher's lines.
  if (!env.LOG_LEVEL?.trim() && !env.DEBUG?.trim()) bots.LOG_LEVEL = 'warn';
  for (const bot of identities) {
    bots[`TG_TOKEN_${envSuffix(bot.botId)}`] = bot.token;
    bots[`TG_WEBHOOK_SECRET_${envSuffix(bot.botId)}`] = bot.secret;
  }
  const playground = {
    HOST: '127.0.0.1',
    PORT: String(ports.playground),
    PLAYGROUND_BOT_API_PORT: String(ports.botApi),
    PLAYGROUND_BOTS: JSON.stringify(identities),
    PLAYGROUND_GATEWAY_URL: `http://127.0.0.1:${ports.gateway}`,
    PLAYGROUND_DASHBOARD_URL: bots.WEBAPP_URL as string,
    PLAYGROUND_ADMIN_ID: String(PLAYGROUND_ADMIN_ID),
    PLAYGROUND_AI_CONFIGURED: env.ANTHROPIC_API_KEY?.trim() ? 'true' : 'false',
  };
  return { bots, playground };
}
