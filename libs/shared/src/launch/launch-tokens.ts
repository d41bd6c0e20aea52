import { randomBytes } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { BotId } from '../bots';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** The bots a case can be opened in: every bot but pro itself. */
export type LaunchableBot = Exclude<BotId, 'pro'>;

/** A tool link is for now; a client's screening invite waits for the client. */
export const LAUNCH_TTL_MINUTES: Record<LaunchableBot, number> = {
  screen: 7 * 24 * 60,
  interpretator: 30,
  conceptualizator: 30,
  simulator: 30,
};

/** 24 hex characters: fits a /start payload (64 of A-Za-z0-9_-) with room to spare. */
export const isLaunchToken = (value: string) => /^[0-9a-f]{24}$/.test(value);

export async function createLaunchToken(
  db: Db,
  launch: { botId: LaunchableBot; specialistUserId: string; contextId: string },
): Promise<string> {
  const token = randomBytes(12).toString('hex');
  await db
    .insertInto('launch_tokens')
    .values({
      token,
      bot_id: launch.botId,
      specialist_user_id: launch.specialistUserId,
      context_id: launch.contextId,
      expires_at: sql<Date>`now() + make_interval(mins => ${LAUNCH_TTL_MINUTES[launch.botId]})`,
    })
    .execute();
  return token;
}

export type LaunchRefusal =
  | 'unknown'
  | 'wrong_bot'
  | 'used'
  | 'expired'
  | 'not_yours'
  | 'specialist_inactive'
  | 'case_archived';

export interface Launch {
  contextId: string;
  clientRef: string;
  specialistUserId: string;
}

/**
 * Spends a launch token for `botId`. `openerTelegramId`, when given, must be the
 * specialist the token was made for (tool links are not transferable); screening
 * invites are opened by the client, so they pass null. The conditional UPDATE makes
 * a token single-use even when two chats open it at the same moment.
 */
export async function redeemLaunchToken(
  db: Db,
  botId: BotId,
  token: string,
  openerTelegramId: number | null,
): Promise<{ ok: true; launch: Launch } | { ok: false; reason: LaunchRefusal }> {
  if (!isLaunchToken(token)) return { ok: false, reason: 'unknown' };
  const row = await db
    .selectFrom('launch_tokens')
    .innerJoin('contexts', 'contexts.context_id', 'launch_tokens.context_id')
    .innerJoin('users', 'users.user_id', 'launch_tokens.specialist_user_id')
    .select([
      'launch_tokens.bot_id',
      'launch_tokens.used_at',
      sql<boolean>`launch_tokens.expires_at <= now()`.as('expired'),
      'contexts.context_id',
      'contexts.client_ref',
      'contexts.status as case_status',
      'users.user_id',
      'users.telegram_id',
      'users.status as specialist_status',
    ])
    .where('launch_tokens.token', '=', token)
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.bot_id !== botId) return { ok: false, reason: 'wrong_bot' };
  if (row.used_at) return { ok: false, reason: 'used' };
  if (row.expired) return { ok: false, reason: 'expired' };
  if (openerTelegramId !== null && openerTelegramId !== row.telegram_id) {
    return { ok: false, reason: 'not_yours' };
  }
  if (row.specialist_status !== 'active') return { ok: false, reason: 'specialist_inactive' };
  if (row.case_status !== 'active') return { ok: false, reason: 'case_archived' };
  const spent = await db
    .updateTable('launch_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('token', '=', token)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (spent.numUpdatedRows === 0n) return { ok: false, reason: 'used' };
  return {
    ok: true,
    launch: {
      contextId: row.context_id,
      clientRef: row.client_ref,
      specialistUserId: row.user_id,
    },
  };
}
