import { resolve } from 'node:path';
import {
  type BotId,
  ConfigError,
  type Env,
  EnvReader,
  isBotId,
  type Parser,
  parsers,
} from '@psycheos/platform';

/** One bot as the launcher made it up for the playground: no Telegram ever sees these. */
export interface PlaygroundBot {
  botId: BotId;
  token: string;
  /** The webhook's secret_token: the gateway checks it on every update, as in production. */
  secret: string;
  username: string;
  firstName: string;
}

export interface PlaygroundConfig {
  host: string;
  port: number;
  botApiPort: number;
  bots: PlaygroundBot[];
  /** Where each bot's webhook is: `${gatewayUrl}/webhook/<botId>`. */
  gatewayUrl: string;
  /** web_app buttons under this address open with signed launch data (initData). */
  dashboardUrl: string;
  /** Chats, files and the people added on the page. */
  dataDir: string;
  /** Already in the bots' ADMIN_IDS, so «Админ» on the page is the admin to the bots. */
  adminId: number;
  /** Whether ANTHROPIC_API_KEY is set: without it the AI tools cannot answer. */
  isAiConfigured: boolean;
}

/**
 * The playground lets anyone act as anyone (the admin included) and signs Mini App launch
 * data with the bots' tokens, so it listens on this machine only.
 */
const loopbackHost: Parser<string> = (raw) =>
  /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/.test(raw)
    ? { ok: true, value: raw }
    : {
        ok: false,
        problem:
          'must be a loopback address (127.0.0.1, ::1 or localhost): the playground lets anyone act as anyone',
      };

const folder: Parser<string> = (raw) => ({ ok: true, value: resolve(raw) });

/**
 * Reads the environment the launcher (infra/src/platform/start-platform.ts) gives, once.
 * Every problem is reported in one ConfigError naming the variables, never their values.
 */
export function loadPlaygroundConfig(rawEnv: Env): PlaygroundConfig {
  if (rawEnv.NODE_ENV === 'production') {
    throw new ConfigError([
      'the playground never runs in production (NODE_ENV=production): it lets anyone act as anyone',
    ]);
  }
  const env = new EnvReader(rawEnv);
  const config: PlaygroundConfig = {
    host: env.optional('HOST', loopbackHost, '127.0.0.1'),
    port: env.required('PORT', parsers.port),
    botApiPort: env.required('PLAYGROUND_BOT_API_PORT', parsers.port),
    bots: env.required('PLAYGROUND_BOTS', botList),
    gatewayUrl: env.required('PLAYGROUND_GATEWAY_URL', parsers.httpUrl),
    dashboardUrl: env.required('PLAYGROUND_DASHBOARD_URL', parsers.httpUrl),
    dataDir: env.required('PLAYGROUND_DATA_DIR', folder),
    adminId: env.required('PLAYGROUND_ADMIN_ID', telegramId),
    isAiConfigured: env.required('PLAYGROUND_AI_CONFIGURED', parsers.boolean),
  };
  env.finish();
  return config;
}

const telegramId: Parser<number> = (raw) =>
  /^[1-9]\d{0,15}$/.test(raw) && Number.isSafeInteger(Number(raw))
    ? { ok: true, value: Number(raw) }
    : { ok: false, problem: 'must be a Telegram user id (a positive integer)' };

/** PLAYGROUND_BOTS: a JSON array of the bots, each with its made-up token and secret. */
const botList: Parser<PlaygroundBot[]> = (raw) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, problem: 'must be a JSON array of bots' };
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    return { ok: false, problem: 'must be a JSON array of at least one bot' };
  }
  const bots: PlaygroundBot[] = [];
  for (const [index, item] of parsed.entries()) {
    const problem = botProblem(item);
    if (problem) return { ok: false, problem: `item ${index}: ${problem}` };
    bots.push(item as PlaygroundBot);
  }
  for (const key of ['botId', 'token', 'username'] as const) {
    if (new Set(bots.map((bot) => bot[key])).size !== bots.length) {
      return { ok: false, problem: `has two bots with the same ${key}` };
    }
  }
  return { ok: true, value: bots };
};

/** What is wrong with one item of PLAYGROUND_BOTS, in words that name the field. */
function botProblem(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return 'must be an object';
  const bot = item as Record<string, unknown>;
  if (typeof bot.botId !== 'string' || !isBotId(bot.botId)) {
    return 'botId must be pro, screen, interpretator, conceptualizator or simulator';
  }
  if (typeof bot.token !== 'string' || !parsers.botToken(bot.token).ok) {
    return 'token must look like a bot token (<digits>:<letters>)';
  }
  // Telegram's own rule for secret_token: setWebhook refuses anything else.
  if (typeof bot.secret !== 'string' || !/^[A-Za-z0-9_-]{1,256}$/.test(bot.secret)) {
    return 'secret must be 1-256 characters of A-Z, a-z, 0-9, _ and -';
  }
  if (typeof bot.username !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(bot.username)) {
    return 'username must be a Telegram username without the @';
  }
  if (typeof bot.firstName !== 'string' || bot.firstName.trim() === '') {
    return 'firstName must be a non-empty string';
  }
  return undefined;
}
