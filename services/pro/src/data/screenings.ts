import type { Database } from '@psycheos/db';
import type { Kysely, Transaction } from 'kysely';

type Db = Kysely<Database> | Transaction<Database>;

/** The questionnaires chosen for a screening link; the screen bot reads them when it is opened. */
export async function saveScreeningInvite(db: Db, token: string, instruments: string[]) {
  await db.insertInto('screening_invites').values({ token, instruments }).execute();
}

/** A session of one of the specialist's cases; someone else's is not found. */
export function findOwnSession(db: Db, specialistUserId: string, sessionId: string) {
  return db
    .selectFrom('screening_sessions')
    .innerJoin('contexts', 'contexts.context_id', 'screening_sessions.context_id')
    .select([
      'screening_sessions.session_id',
      'screening_sessions.status',
      'screening_sessions.instruments',
      'screening_sessions.position',
      'screening_sessions.completed_at',
      'contexts.context_id',
      'contexts.client_ref',
    ])
    .where('screening_sessions.session_id', '=', sessionId)
    .where('contexts.specialist_user_id', '=', specialistUserId)
    .executeTakeFirst();
}

export function sessionAnswers(db: Db, sessionId: string) {
  return db
    .selectFrom('screening_answers')
    .select(['instrument_id', 'item_index', 'value'])
    .where('session_id', '=', sessionId)
    .orderBy('position')
    .execute();
}

export function sessionScores(db: Db, sessionId: string) {
  return db
    .selectFrom('screening_scores')
    .select(['instrument_id', 'score', 'band_label'])
    .where('session_id', '=', sessionId)
    .execute();
}

export interface CompletedScreening {
  sessionId: string;
  /** Who answered: a case may have several clients (a couple, a family). */
  clientUserId: string;
  completedAt: Date;
  scores: { instrumentId: string; score: number; bandLabel: string }[];
}

/** A case's completed screenings with their scores, oldest first (the newest `limit`). */
export async function completedScreenings(
  db: Db,
  contextId: string,
  limit = 100,
): Promise<CompletedScreening[]> {
  const sessions = await db
    .selectFrom('screening_sessions')
    .select(['session_id', 'client_user_id', 'completed_at'])
    .where('context_id', '=', contextId)
    .where('status', '=', 'completed')
    .orderBy('completed_at', 'desc')
    .limit(limit)
    .execute();
  if (sessions.length === 0) return [];
  const scores = await db
    .selectFrom('screening_scores')
    .select(['session_id', 'instrument_id', 'score', 'band_label'])
    .where(
      'session_id',
      'in',
      sessions.map((s) => s.session_id),
    )
    .execute();
  return sessions.reverse().map((session) => ({
    sessionId: session.session_id,
    clientUserId: session.client_user_id,
    completedAt: session.completed_at as Date,
    scores: scores
      .filter((s) => s.session_id === session.session_id)
      .map((s) => ({ instrumentId: s.instrument_id, score: s.score, bandLabel: s.band_label })),
  }));
}
