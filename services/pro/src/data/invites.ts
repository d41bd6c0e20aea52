import { randomBytes } from 'node:crypto';
import type { Database, Invite } from '@psycheos/db';
import { type Kysely, sql } from 'kysely';
import type { InviteStatus } from '../texts';

type Db = Kysely<Database>;

export const INVITE_TTL_DAYS = 7;

/** The spec's token: 16 random hex characters (secrets.token_hex(8)). */
export const newInviteToken = () => randomBytes(8).toString('hex');

export const isInviteToken = (value: string) => /^[0-9a-f]{16}$/.test(value);

export async function createInvite(db: Db, createdBy: number, note: string): Promise<Invite> {
  return db
    .insertInto('invites')
    .values({
      token: newInviteToken(),
      created_by: createdBy,
      max_uses: 1,
      expires_at: sql<Date>`now() + make_interval(days => ${INVITE_TTL_DAYS})`,
      note,
    })
    .returning(inviteColumns)
    .executeTakeFirstOrThrow();
}

/** Every column of invites, named: a prepared `select *` goes stale when a column is added. */
const inviteColumns = [
  'token',
  'created_by',
  'max_uses',
  'used_count',
  'expires_at',
  'note',
  'revoked_at',
  'used_by_user_id',
  'created_at',
] as const;

/** Remembers whom an invite registered, so deleting that account can scrub the note. */
export async function recordInviteUser(db: Db, token: string, userId: string): Promise<void> {
  await db
    .updateTable('invites')
    .set({ used_by_user_id: userId })
    .where('token', '=', token)
    .execute();
}

export type InviteClaim = { ok: true } | { ok: false; reason: 'unknown' | InviteStatus };

/**
 * Spends one use of an invite, atomically: the conditional UPDATE takes the row's lock,
 * so of two people racing for the last use exactly one sees a row come back.
 * When nothing comes back, the invite is looked at again to say why.
 */
export async function claimInvite(db: Db, token: string): Promise<InviteClaim> {
  if (!isInviteToken(token)) return { ok: false, reason: 'unknown' };
  const claimed = await db
    .updateTable('invites')
    .set((eb) => ({ used_count: eb('used_count', '+', 1) }))
    .where('token', '=', token)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .whereRef('used_count', '<', 'max_uses')
    .returning('token')
    .executeTakeFirst();
  if (claimed) return { ok: true };
  const standing = await checkInvite(db, token);
  return standing.ok ? { ok: false, reason: 'active' } : standing;
}

/**
 * Whether an invite could register someone now, spending nothing: a newcomer reads the
 * terms first, and the invite is claimed only when they accept.
 */
export async function checkInvite(db: Db, token: string): Promise<InviteClaim> {
  if (!isInviteToken(token)) return { ok: false, reason: 'unknown' };
  const invite = await db
    .selectFrom('invites')
    .select(['used_count', 'max_uses', 'expires_at', 'revoked_at', sql<Date>`now()`.as('now')])
    .where('token', '=', token)
    .executeTakeFirst();
  if (!invite) return { ok: false, reason: 'unknown' };
  const status = inviteStatus(invite, invite.now);
  return status === 'active' ? { ok: true } : { ok: false, reason: status };
}

export function inviteStatus(
  invite: Pick<Invite, 'used_count' | 'max_uses' | 'expires_at' | 'revoked_at'>,
  now: Date,
): InviteStatus {
  if (invite.revoked_at) return 'revoked';
  if (invite.used_count >= invite.max_uses) return 'used';
  if (invite.expires_at <= now) return 'expired';
  return 'active';
}

export async function listInvites(
  db: Db,
  page: number,
  pageSize: number,
): Promise<{ items: Invite[]; hasMore: boolean; now: Date }> {
  const rows = await db
    .selectFrom('invites')
    .select(inviteColumns)
    .select(sql<Date>`now()`.as('now'))
    .orderBy('created_at', 'desc')
    .orderBy('token')
    .limit(pageSize + 1)
    .offset(page * pageSize)
    .execute();
  return {
    items: rows.slice(0, pageSize),
    hasMore: rows.length > pageSize,
    now: rows[0]?.now ?? new Date(),
  };
}

/** Revokes an invite that can still be used; returns false if it no longer could. */
export async function revokeInvite(db: Db, token: string): Promise<boolean> {
  if (!isInviteToken(token)) return false;
  const result = await db
    .updateTable('invites')
    .set({ revoked_at: sql<Date>`now()` })
    .where('token', '=', token)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .whereRef('used_count', '<', 'max_uses')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
