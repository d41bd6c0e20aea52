import type { BotId, Logger } from '@psycheos/platform';
import type { Kysely } from 'kysely';
import type { Database } from './schema';

const RETRY_MS = 30_000;

/**
 * Writes this bot's @username (from getMe) to bot_directory, so the pro bot can build
 * https://t.me/<tool bot>?start=<token> links without holding the other bots' tokens.
 * Telegram being unreachable at start is not fatal: it is tried again until it works.
 * A refused token or a network failure is logged once by the link watch
 * (bot-runtime's telegram/link-watch.ts), so a failure here is only a debug line.
 */
export function publishBotUsername(deps: {
  botId: BotId;
  db: Kysely<Database>;
  /** The bot's own Bot API client: only getMe is used. */
  telegram: { botInfo(): Promise<{ username: string }> };
  logger: Logger;
}): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const attempt = async () => {
    try {
      const me = await deps.telegram.botInfo();
      await deps.db
        .insertInto('bot_directory')
        .values({ bot_id: deps.botId, username: me.username })
        .onConflict((conflict) =>
          conflict.column('bot_id').doUpdateSet({ username: me.username, updated_at: new Date() }),
        )
        .execute();
    } catch (error) {
      deps.logger.debug(
        { reason: error instanceof Error ? error.message : String(error) },
        'could not publish the bot username yet; retrying',
      );
      if (!stopped) timer = setTimeout(() => void attempt(), RETRY_MS);
    }
  };
  void attempt();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export async function findBotUsername(
  db: Kysely<Database>,
  botId: BotId,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('bot_directory')
    .select('username')
    .where('bot_id', '=', botId)
    .executeTakeFirst();
  return row?.username;
}
