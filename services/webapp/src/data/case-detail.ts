import { CASE_RESULT_KINDS } from '@psycheos/ai/results';
import type { Database } from '@psycheos/db';
import {
  casenessLine,
  changeThresholdsOf,
  type InstrumentCatalogue,
  resultMarks,
  scoreRange,
} from '@psycheos/screening';
import type { Kysely } from 'kysely';
import type { InstrumentHistory, LatestAnswers, SavedResult } from '../api/contract';

/**
 * Each instrument's totals over time, oldest first, with its bands for shading, its caseness
 * line, and each result's mark (a client's baseline, a reliable change against their previous).
 */
export async function screeningHistory(
  db: Kysely<Database>,
  catalogue: InstrumentCatalogue,
  caseId: string,
): Promise<InstrumentHistory[]> {
  const rows = await db
    .selectFrom('screening_scores')
    .innerJoin('screening_sessions', 'screening_sessions.session_id', 'screening_scores.session_id')
    .select([
      'screening_scores.instrument_id',
      'screening_scores.score',
      'screening_scores.band_label',
      'screening_sessions.client_user_id',
      'screening_sessions.completed_at',
    ])
    .where('screening_sessions.context_id', '=', caseId)
    .where('screening_sessions.status', '=', 'completed')
    .orderBy('screening_sessions.completed_at')
    .orderBy('screening_sessions.session_id')
    .execute();
  return catalogue.all
    .map((instrument) => {
      const thresholds = changeThresholdsOf(instrument);
      const results = rows.filter((row) => row.instrument_id === instrument.id && row.completed_at);
      const marks = resultMarks(
        thresholds,
        results.map((row) => ({ clientId: row.client_user_id, score: row.score })),
      );
      const points = results.map((row, index) => ({
        at: (row.completed_at as Date).toISOString(),
        score: row.score,
        band: row.band_label,
        mark: marks[index] ?? null,
      }));
      return {
        id: instrument.id,
        title: instrument.title,
        measures: instrument.measures,
        higherIsBetter: instrument.scoring.higherIsBetter,
        range: scoreRange(instrument),
        bands: instrument.bands,
        caseness: casenessLine(thresholds),
        points,
      };
    })
    .filter((history) => history.points.length > 0);
}

/** The latest completed screening's answers, item by item, with the items' and options' wording. */
export async function latestAnswers(
  db: Kysely<Database>,
  catalogue: InstrumentCatalogue,
  caseId: string,
): Promise<LatestAnswers> {
  const latest = await db
    .selectFrom('screening_sessions')
    .select(['session_id', 'completed_at'])
    .where('context_id', '=', caseId)
    .where('status', '=', 'completed')
    .orderBy('completed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest?.completed_at) return null;
  const answers = await db
    .selectFrom('screening_answers')
    .select(['instrument_id', 'item_index', 'value'])
    .where('session_id', '=', latest.session_id)
    .orderBy('position')
    .execute();
  const items = answers.flatMap((answer) => {
    const instrument = catalogue.all.find((candidate) => candidate.id === answer.instrument_id);
    const item = instrument?.items[answer.item_index];
    if (!instrument || !item) return [];
    const option = instrument.options.find((candidate) => candidate.value === answer.value);
    return [
      {
        instrumentTitle: instrument.title,
        number: answer.item_index + 1,
        text: item.text,
        answer: option?.label ?? String(answer.value),
        value: answer.value,
      },
    ];
  });
  return { completedAt: latest.completed_at.toISOString(), items };
}

/**
 * The AI tools' saved results about the case, newest first, in full: the kinds that are
 * about a real client (CASE_RESULT_KINDS), as pro's history lists them. Practice is in no
 * case, yet a replica of the release before the trainer still saved it in one during a
 * rolling deploy, and a kind added later stays out until it is listed there.
 */
export async function savedResults(
  db: Kysely<Database>,
  specialistUserId: string,
  caseId: string,
): Promise<SavedResult[]> {
  const rows = await db
    .selectFrom('ai_results')
    .select(['result_id', 'kind', 'title', 'version', 'review', 'created_at', 'body', 'correction'])
    .where('context_id', '=', caseId)
    .where('kind', 'in', CASE_RESULT_KINDS)
    .where('specialist_user_id', '=', specialistUserId)
    .orderBy('created_at', 'desc')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.result_id,
    kind: row.kind,
    title: row.title,
    version: row.version,
    review: row.review,
    createdAt: row.created_at.toISOString(),
    body: row.body,
    correction: row.correction,
  }));
}
