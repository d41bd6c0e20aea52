import { randomBytes } from 'node:crypto';
import { BOT_CATALOGUE, BOT_IDS, type BotId } from '@psycheos/platform';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './schema';

type Db = Kysely<Database> | Transaction<Database>;

/** The bots a link opens (BOT_CATALOGUE's `opens`): every bot but pro itself. */
export type LaunchableBot = {
  [B in BotId]: (typeof BOT_CATALOGUE)[B]['opens'] extends null ? never : B;
}[BotId];

/** What a bot's link opens it for (BOT_CATALOGUE's `opens`): one case, or the specialist alone. */
export const LAUNCH_SCOPE = Object.fromEntries(
  BOT_IDS.flatMap((botId) => {
    const opens = BOT_CATALOGUE[botId].opens;
    return opens ? [[botId, opens]] : [];
  }),
) as { readonly [B in LaunchableBot]: (typeof BOT_CATALOGUE)[B]['opens'] };
export type LaunchScope = (typeof LAUNCH_SCOPE)[LaunchableBot];

/** The bots opened for one case. */
export type CaseBot = {
  [B in LaunchableBot]: (typeof LAUNCH_SCOPE)[B] extends 'case' ? B : never;
}[LaunchableBot];
/** The bots opened for one case, in the catalogue's order (pro's tool menu shows them so). */
export const CASE_BOTS = BOT_IDS.filter(
  (botId): botId is CaseBot => BOT_CATALOGUE[botId].opens === 'case',
);
/** The bots opened for the specialist alone, in no case. */
export type SpecialistBot = Exclude<LaunchableBot, CaseBot>;

export const launchScopeOf = (botId: BotId): LaunchScope =>
  botId === 'pro' ? 'case' : LAUNCH_SCOPE[botId];

/** A tool link is for now; a client's screening invite waits for the client (BOT_CATALOGUE). */
export const launchTtlMinutes = (botId: LaunchableBot): number => BOT_CATALOGUE[botId].linkMinutes;

/** 24 hex characters: fits a /start payload (64 of A-Za-z0-9_-) with room to spare. */
export const isLaunchToken = (value: string) => /^[0-9a-f]{24}$/.test(value);

/** A link for a case's bot names the case; the trainer's names the specialist only. */
export type LaunchRequest =
  | { botId: CaseBot; specialistUserId: string; contextId: string }
  | { botId: SpecialistBot; specialistUserId: string };

export async function createLaunchToken(db: Db, launch: LaunchRequest): Promise<string> {
  const token = randomBytes(12).toString('hex');
  await db
    .insertInto('launch_tokens')
    .values({
      token,
      bot_id: launch.botId,
      specialist_user_id: launch.specialistUserId,
      context_id: 'contextId' in launch ? launch.contextId : null,
      expires_at: sql<Date>`now() + make_interval(mins => ${launchTtlMinutes(launch.botId)})`,
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

/** A link spent for a case: the case and its label (for the specialist's eyes only). */
export interface CaseLaunch {
  contextId: string;
  clientRef: string;
  specialistUserId: string;
}

/** A link spent for the specialist alone: no case, so no label either. */
export interface PracticeLaunch {
  contextId: null;
  clientRef: null;
  specialistUserId: string;
}

export type Launch = CaseLaunch | PracticeLaunch;
/** What a bot's link opens: a case's bot gets its case, the trainer none. */
export type LaunchOf<B extends BotId> = B extends CaseBot
  ? CaseLaunch
  : B extends SpecialistBot
    ? PracticeLaunch
    : Launch;

/**
 * Spends a launch token for `botId`. `openerTelegramId`, when given, must be the
 * specialist the token was made for (tool links are not transferable); screening
 * invites are opened by the client, so they pass null. The conditional UPDATE makes
 * a token single-use even when two chats open it at the same moment.
 */
export async function redeemLaunchToken<B extends BotId>(
  db: Db,
  botId: B,
  token: string,
  openerTelegramId: number | null,
): Promise<{ ok: true; launch: LaunchOf<B> } | { ok: false; reason: LaunchRefusal }> {
  if (!isLaunchToken(token)) return { ok: false, reason: 'unknown' };
  const row = await db
    .selectFrom('launch_tokens')
    .leftJoin('contexts', 'contexts.context_id', 'launch_tokens.context_id')
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
  const isForCase = launchScopeOf(botId) === 'case';
  // A case's bot opens only with its case; the trainer never opens in one, whatever the row says.
  if (isForCase && (row.context_id === null || row.client_ref === null)) {
    return { ok: false, reason: 'unknown' };
  }
  if (isForCase && row.case_status !== 'active') return { ok: false, reason: 'case_archived' };
  const spent = await db
    .updateTable('launch_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('token', '=', token)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (spent.numUpdatedRows === 0n) return { ok: false, reason: 'used' };
  const launch: Launch =
    isForCase && row.context_id !== null && row.client_ref !== null
      ? { contextId: row.context_id, clientRef: row.client_ref, specialistUserId: row.user_id }
      : { contextId: null, clientRef: null, specialistUserId: row.user_id };
  return { ok: true, launch: launch as LaunchOf<B> };
}
