import { type CaseBot, createLaunchToken, type Database } from '@psycheos/db';
import { type Kysely, sql } from 'kysely';

/**
 * A link with less time than this left is not handed out again: the specialist may need a
 * few minutes to switch to the tool, and an expired link only says «ссылка устарела».
 */
const REUSE_MIN_REMAINING_MINUTES = 5;

/**
 * The token for opening a tool on a case from the dashboard: the newest unused link for the
 * same specialist, case and tool while it has a while left, or else a new one. A specialist
 * who presses the tool's button twice (or whose first try did not open Telegram) gets the
 * same link, not a second one. However often it is asked, the dashboard adds a link for a
 * case and tool only when the last one was used or is in its last minutes: before, a script
 * holding someone's initData made 300 in five seconds.
 *
 * The case's row is locked for the moment, so calls arriving together wait for each other
 * and all get the one link.
 */
export async function launchToken(
  db: Kysely<Database>,
  launch: { botId: CaseBot; specialistUserId: string; contextId: string },
): Promise<string> {
  return db.transaction().execute(async (tx) => {
    await tx
      .selectFrom('contexts')
      .select('context_id')
      .where('context_id', '=', launch.contextId)
      .forNoKeyUpdate()
      .execute();
    const unused = await tx
      .selectFrom('launch_tokens')
      .select('token')
      .where('bot_id', '=', launch.botId)
      .where('specialist_user_id', '=', launch.specialistUserId)
      .where('context_id', '=', launch.contextId)
      .where('used_at', 'is', null)
      .where(
        'expires_at',
        '>',
        sql<Date>`now() + make_interval(mins => ${REUSE_MIN_REMAINING_MINUTES})`,
      )
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return unused?.token ?? createLaunchToken(tx, launch);
  });
}
