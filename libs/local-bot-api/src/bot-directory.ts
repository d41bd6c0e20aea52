import type { LocalBotIdentity } from './local-chats';

/** The number before the colon of a token: Telegram's id of the bot. */
export const botIdOf = (token: string): number => Number(token.split(':')[0]) || 1;

const madeUpIdentity = (token: string): LocalBotIdentity => ({
  token,
  username: `psycheos_test_${botIdOf(token)}_bot`,
  firstName: 'PsycheOS test bot',
});

/**
 * The bots this Bot API knows: those it was told about (options.bots) and any token that
 * has called it, which gets a made-up identity named after its number, so tests need no list.
 */
export function createBotDirectory(configured: LocalBotIdentity[] = []) {
  const byToken = new Map(configured.map((bot) => [bot.token, bot]));
  const seen = new Map<string, LocalBotIdentity>();

  const identityOf = (token: string): LocalBotIdentity =>
    byToken.get(token) ?? seen.get(token) ?? madeUpIdentity(token);

  /** The bot with this @username (without the @), if this API has heard of it. */
  const byUsername = (username: string): LocalBotIdentity | undefined => {
    const wanted = username.replace(/^@/, '').toLowerCase();
    return [...byToken.values(), ...seen.values()].find(
      (bot) => bot.username.toLowerCase() === wanted,
    );
  };

  return {
    identityOf,
    noteCaller(token: string): void {
      if (!byToken.has(token) && !seen.has(token)) seen.set(token, madeUpIdentity(token));
    },
    byUsername,
    /** The bot id behind a username even before its token called (a chat kept from before a restart). */
    botIdOfUsername(username: string): number | undefined {
      const known = byUsername(username);
      if (known) return botIdOf(known.token);
      const madeUp = /^psycheos_test_(\d+)_bot$/i.exec(username.replace(/^@/, ''));
      return madeUp ? Number(madeUp[1]) : undefined;
    },
    /** getMe's answer, as Telegram gives it for a bot. */
    getMe(token: string) {
      const bot = identityOf(token);
      return {
        id: botIdOf(token),
        is_bot: true,
        first_name: bot.firstName,
        username: bot.username,
        can_join_groups: false,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
        can_connect_to_business: false,
        has_main_web_app: false,
      };
    },
  };
}

export type BotDirectory = ReturnType<typeof createBotDirectory>;
