import type { Database } from '@psycheos/db';
import { type ResultTrail, type TrailResult, trailOf } from '@psycheos/screening';
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * One client's results of one instrument in one case. Results are compared only within
 * it: a case may have several clients (a couple, a family), and one person's score read
 * against another's would be a change that never happened.
 */
export interface ClientTrail {
  contextId: string;
  clientUserId: string;
  instrumentId: string;
  trail: ResultTrail;
}

export interface TrailQuery {
  contextIds: readonly string[];
  /** Only this client's results. */
  clientUserId?: string;
  /** Only results completed up to this session, itself included. */
  untilSessionId?: string;
}

/**
 * Each client's baseline, previous and latest result of each instrument in these cases'
 * completed screenings. Only the first and the last two results of each are read, however
 * long the history: a client screened weekly for years still costs three rows an instrument.
 */
export async function resultTrails(db: Db, query: TrailQuery): Promise<ClientTrail[]> {
  const { contextIds, clientUserId, untilSessionId } = query;
  if (contextIds.length === 0) return [];
  const ranked = db
    .selectFrom('screening_scores')
    .innerJoin('screening_sessions', 'screening_sessions.session_id', 'screening_scores.session_id')
    .select([
      'screening_sessions.context_id',
      'screening_sessions.client_user_id',
      'screening_scores.instrument_id',
      'screening_scores.session_id',
      'screening_scores.score',
      'screening_sessions.completed_at',
      sql<number>`row_number() over (partition by screening_sessions.context_id, screening_sessions.client_user_id, screening_scores.instrument_id order by screening_sessions.completed_at, screening_sessions.session_id)`.as(
        'from_first',
      ),
      sql<number>`row_number() over (partition by screening_sessions.context_id, screening_sessions.client_user_id, screening_scores.instrument_id order by screening_sessions.completed_at desc, screening_sessions.session_id desc)`.as(
        'from_last',
      ),
    ])
    .where('screening_sessions.status', '=', 'completed')
    .where('screening_sessions.context_id', 'in', contextIds)
    .$if(clientUserId !== undefined, (q) =>
      q.where('screening_sessions.client_user_id', '=', clientUserId as string),
    )
    // Compared in SQL: a JS Date would cut PostgreSQL's microseconds off the session's own time.
    .$if(untilSessionId !== undefined, (q) =>
      q.where('screening_sessions.completed_at', '<=', (eb) =>
        eb
          .selectFrom('screening_sessions as until')
          .select('until.completed_at')
          .where('until.session_id', '=', untilSessionId as string),
      ),
    );
  const rows = await db
    .selectFrom(ranked.as('ranked'))
    .select([
      'context_id',
      'client_user_id',
      'instrument_id',
      'session_id',
      'score',
      'completed_at',
    ])
    .where((eb) => eb.or([eb('from_first', '=', 1), eb('from_last', '<=', 2)]))
    .orderBy('completed_at')
    .orderBy('session_id')
    .execute();

  const grouped = new Map<string, { key: Omit<ClientTrail, 'trail'>; results: TrailResult[] }>();
  for (const row of rows) {
    const id = `${row.context_id}/${row.client_user_id}/${row.instrument_id}`;
    const group = grouped.get(id) ?? {
      key: {
        contextId: row.context_id,
        clientUserId: row.client_user_id,
        instrumentId: row.instrument_id,
      },
      results: [],
    };
    grouped.set(id, group);
    group.results.push({
      sessionId: row.session_id,
      score: row.score,
      completedAt: row.completed_at as Date,
    });
  }
  return [...grouped.values()].flatMap(({ key, results }) => {
    const trail = trailOf(results);
    return trail ? [{ ...key, trail }] : [];
  });
}

/**
 * A completed session's trails, by instrument, as they stood when it was completed: its
 * client's results in its case up to it.
 */
export async function trailsUpToSession(
  db: Db,
  sessionId: string,
): Promise<Map<string, ResultTrail>> {
  const session = await db
    .selectFrom('screening_sessions')
    .select(['context_id', 'client_user_id'])
    .where('session_id', '=', sessionId)
    .where('status', '=', 'completed')
    .executeTakeFirst();
  if (!session) return new Map();
  const trails = await resultTrails(db, {
    contextIds: [session.context_id],
    clientUserId: session.client_user_id,
    untilSessionId: sessionId,
  });
  return new Map(trails.map((entry) => [entry.instrumentId, entry.trail]));
}

/**
 * True when a client of one of the specialist's active cases has two completed results of
 * an instrument: only then has the case list a change to sort by.
 */
export async function hasResultsToCompare(db: Db, specialistUserId: string): Promise<boolean> {
  const found = await db
    .selectFrom('screening_scores')
    .innerJoin('screening_sessions', 'screening_sessions.session_id', 'screening_scores.session_id')
    .innerJoin('contexts', 'contexts.context_id', 'screening_sessions.context_id')
    .select('contexts.context_id')
    .where('contexts.specialist_user_id', '=', specialistUserId)
    .where('contexts.status', '=', 'active')
    .where('screening_sessions.status', '=', 'completed')
    .groupBy([
      'contexts.context_id',
      'screening_sessions.client_user_id',
      'screening_scores.instrument_id',
    ])
    .having((eb) => eb.fn.countAll(), '>=', 2)
    .limit(1)
    .executeTakeFirst();
  return found !== undefined;
}
