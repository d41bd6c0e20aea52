import type { Database, ScreeningStatus } from '@psycheos/db';
import { type Selectable, sql, type Transaction } from 'kysely';

type Tx = Transaction<Database>;
export type Session = Selectable<Database['screening_sessions']>;

/** Every column of a session, named: a prepared `select *` goes stale when a column is added. */
export const SESSION_COLUMNS = [
  'session_id',
  'context_id',
  'client_user_id',
  'instruments',
  'status',
  'position',
  'created_at',
  'consented_at',
  'completed_at',
  'updated_at',
] as const;

/** The instruments a specialist chose for this invite; null for an invite made without a choice. */
export async function invitedInstruments(tx: Tx, token: string): Promise<string[] | null> {
  const row = await tx
    .selectFrom('screening_invites')
    .select('instruments')
    .where('token', '=', token)
    .executeTakeFirst();
  return row?.instruments ?? null;
}

export function createSession(
  tx: Tx,
  session: { contextId: string; clientUserId: string; instruments: string[] },
): Promise<Session> {
  return tx
    .insertInto('screening_sessions')
    .values({
      context_id: session.contextId,
      client_user_id: session.clientUserId,
      instruments: session.instruments,
    })
    .returning(SESSION_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** The client's session by id; someone else's is not found. */
export function findOwnSession(
  tx: Tx,
  sessionId: string,
  clientUserId: string,
): Promise<Session | undefined> {
  return tx
    .selectFrom('screening_sessions')
    .select(SESSION_COLUMNS)
    .where('session_id', '=', sessionId)
    .where('client_user_id', '=', clientUserId)
    .executeTakeFirst();
}

/** Sessions the client has open (not completed, declined or stopped). */
export function openSessions(tx: Tx, clientUserId: string): Promise<Session[]> {
  return tx
    .selectFrom('screening_sessions')
    .select(SESSION_COLUMNS)
    .where('client_user_id', '=', clientUserId)
    .where('status', 'in', ['awaiting_consent', 'in_progress'])
    .orderBy('created_at', 'desc')
    .execute();
}

export async function updateSession(
  tx: Tx,
  sessionId: string,
  change: { status?: ScreeningStatus; position?: number; consented?: true; completed?: true },
): Promise<void> {
  await tx
    .updateTable('screening_sessions')
    .set({
      updated_at: new Date(),
      ...(change.status && { status: change.status }),
      ...(change.position !== undefined && { position: change.position }),
      ...(change.consented && { consented_at: sql<Date>`now()` }),
      ...(change.completed && { completed_at: sql<Date>`now()` }),
    })
    .where('session_id', '=', sessionId)
    .execute();
}

/** Records (or, after "back", replaces) the answer at a position. */
export async function saveAnswer(
  tx: Tx,
  answer: {
    sessionId: string;
    position: number;
    instrumentId: string;
    itemIndex: number;
    value: number;
  },
): Promise<void> {
  await tx
    .insertInto('screening_answers')
    .values({
      session_id: answer.sessionId,
      position: answer.position,
      instrument_id: answer.instrumentId,
      item_index: answer.itemIndex,
      value: answer.value,
    })
    .onConflict((conflict) =>
      conflict.columns(['session_id', 'position']).doUpdateSet({
        value: answer.value,
        instrument_id: answer.instrumentId,
        item_index: answer.itemIndex,
        answered_at: new Date(),
      }),
    )
    .execute();
}

/** The value answered at a position, if any (shown as chosen after "back"). */
export async function answerAt(tx: Tx, sessionId: string, position: number) {
  const row = await tx
    .selectFrom('screening_answers')
    .select('value')
    .where('session_id', '=', sessionId)
    .where('position', '=', position)
    .executeTakeFirst();
  return row?.value ?? null;
}

export function sessionAnswers(tx: Tx, sessionId: string) {
  return tx
    .selectFrom('screening_answers')
    .select(['instrument_id', 'item_index', 'value'])
    .where('session_id', '=', sessionId)
    .orderBy('position')
    .execute();
}

export async function saveScores(
  tx: Tx,
  sessionId: string,
  scores: readonly {
    instrumentId: string;
    raw: number;
    score: number;
    bandIndex: number;
    bandLabel: string;
  }[],
): Promise<void> {
  if (scores.length === 0) return;
  await tx
    .insertInto('screening_scores')
    .values(
      scores.map((s) => ({
        session_id: sessionId,
        instrument_id: s.instrumentId,
        raw: s.raw,
        score: s.score,
        band_index: s.bandIndex,
        band_label: s.bandLabel,
      })),
    )
    .execute();
}

/** The case's specialist: who is told, and where pro reaches them. */
export function caseSpecialist(tx: Tx, contextId: string) {
  return tx
    .selectFrom('contexts')
    .innerJoin('users', 'users.user_id', 'contexts.specialist_user_id')
    .select(['contexts.client_ref', 'users.user_id', 'users.telegram_id'])
    .where('contexts.context_id', '=', contextId)
    .executeTakeFirst();
}
