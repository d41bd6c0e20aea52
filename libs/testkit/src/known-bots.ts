import type { Database } from '@psycheos/db';
import type { BotId } from '@psycheos/platform';
import type { Kysely } from 'kysely';
import { vi } from 'vitest';

/**
 * Waits until each of these bots has published its @username (launch/bot-directory.ts), as
 * it does once its getMe answered: pro builds a tool's or screen's link from it, so a test
 * that runs several bots waits for this before its first story.
 */
export async function untilBotsAreKnown(
  db: Kysely<Database>,
  botIds: readonly BotId[],
  timeoutMs = 15_000,
): Promise<void> {
  await vi.waitFor(
    async () => {
      const known = await db.selectFrom('bot_directory').select('bot_id').execute();
      const missing = botIds.filter((botId) => !known.some((row) => row.bot_id === botId));
      if (missing.length > 0) throw new Error(`no @username published yet by ${missing}`);
    },
    { timeout: timeoutMs, interval: 100 },
  );
}
