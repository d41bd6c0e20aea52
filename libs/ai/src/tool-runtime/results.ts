import type { AiResult, Database } from '@psycheos/db';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Kysely, Transaction } from 'kysely';

/**
 * The results that are about a real client's case, from the tools that work on a client's
 * material. A case's history, and the context a tool reads from the case, include these
 * kinds only: a kind added later stays out of every case until it is listed here.
 */
export const CASE_RESULT_KINDS = ['interpretation', 'conceptualization'] as const;
export type CaseResultKind = (typeof CASE_RESULT_KINDS)[number];

/** The trainer's result (the Симулятор's CTRS feedback): the specialist's practice, in no case. */
export type PracticeResultKind = 'simulation';
export type ResultKind = CaseResultKind | PracticeResultKind;

/** A case's result names its case; a practice result never does. */
export type NewResult = NewResultCommon &
  ({ kind: CaseResultKind; contextId: string } | { kind: PracticeResultKind; contextId: null });

interface NewResultCommon {
  sessionId: string;
  specialistUserId: string;
  botId: string;
  title: string;
  body: string;
  structured?: Record<string, unknown>;
  promptVersion: string;
  model: string;
  jobId: string;
  /** A revision continues its series with the next version; the earlier ones are kept. */
  seriesId?: string;
}

/** Saves a tool's result to its case (or, practice, to none), tied to its session and job (once per job). */
export async function saveResult(
  tx: Transaction<Database>,
  result: NewResult,
): Promise<Pick<AiResult, 'result_id'>> {
  const version = result.seriesId
    ? ((
        await tx
          .selectFrom('ai_results')
          .select((eb) => eb.fn.max('version').as('latest'))
          .where('series_id', '=', result.seriesId)
          .executeTakeFirst()
      )?.latest ?? 0) + 1
    : 1;
  return tx
    .insertInto('ai_results')
    .values({
      context_id: result.contextId,
      session_id: result.sessionId,
      specialist_user_id: result.specialistUserId,
      bot_id: result.botId,
      kind: result.kind,
      series_id: result.seriesId ?? null,
      version,
      title: result.title,
      body: result.body,
      structured: result.structured ? JSON.stringify(result.structured) : null,
      prompt_version: result.promptVersion,
      model: result.model,
      job_id: result.jobId,
    })
    .returning('result_id')
    .executeTakeFirstOrThrow();
}

/** The case's results, newest first (pro's «🗂 История»): its case kinds only, the owner's only. */
export function listCaseResults(db: Kysely<Database>, contextId: string, specialistUserId: string) {
  return db
    .selectFrom('ai_results')
    .select(['result_id', 'kind', 'title', 'version', 'review', 'correction', 'created_at'])
    .where('context_id', '=', contextId)
    .where('kind', 'in', CASE_RESULT_KINDS)
    .where('specialist_user_id', '=', specialistUserId)
    .orderBy('created_at', 'desc')
    .orderBy('version', 'desc')
    .execute();
}

/** What opening a result needs: pro's history shows it, the conceptualizator revises it. */
const OWN_RESULT_COLUMNS = [
  'context_id',
  'kind',
  'series_id',
  'version',
  'body',
  'structured',
  'prompt_version',
  'review',
  'correction',
  'created_at',
] as const;

export type OwnResult = Pick<AiResult, (typeof OWN_RESULT_COLUMNS)[number]>;

export function findOwnResult(
  db: Kysely<Database>,
  resultId: string,
  specialistUserId: string,
): Promise<OwnResult | undefined> {
  return db
    .selectFrom('ai_results')
    .select(OWN_RESULT_COLUMNS)
    .where('result_id', '=', resultId)
    .where('specialist_user_id', '=', specialistUserId)
    .executeTakeFirst();
}

/** The specialist signs the result off as checked: the history no longer shows it as a draft. */
export async function markResultChecked(
  tx: Transaction<Database>,
  resultId: string,
  specialistUserId: string,
): Promise<boolean> {
  const updated = await tx
    .updateTable('ai_results')
    .set({ review: 'checked', reviewed_at: new Date() })
    .where('result_id', '=', resultId)
    .where('specialist_user_id', '=', specialistUserId)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

export async function addResultCorrection(
  tx: Transaction<Database>,
  resultId: string,
  specialistUserId: string,
  correction: string,
): Promise<boolean> {
  const updated = await tx
    .updateTable('ai_results')
    .set({ correction, reviewed_at: new Date() })
    .where('result_id', '=', resultId)
    .where('specialist_user_id', '=', specialistUserId)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

export const RESULT_CALLBACK = { check: 'res:ok:', correct: 'res:fix:' } as const;

/** The buttons under a saved result. */
export function resultReviewButtons(resultId: string): InlineKeyboardMarkup['inline_keyboard'] {
  return [
    [
      { text: '✅ Проверено', callback_data: `${RESULT_CALLBACK.check}${resultId}` },
      { text: '✏️ Поправка', callback_data: `${RESULT_CALLBACK.correct}${resultId}` },
    ],
  ];
}

export const reviewLabel = (result: Pick<AiResult, 'review' | 'correction'>): string =>
  result.review === 'checked'
    ? '✅ проверено'
    : result.correction
      ? '✏️ с поправкой'
      : '📝 черновик';

/** The specialist's trainer results, newest first (pro's «🎓 Тренажёр»): in no case, their own only. */
export function listPracticeResults(db: Kysely<Database>, specialistUserId: string, limit: number) {
  return db
    .selectFrom('ai_results')
    .select(['result_id', 'kind', 'title', 'review', 'correction', 'created_at'])
    .where('kind', '=', 'simulation' satisfies PracticeResultKind)
    .where('context_id', 'is', null)
    .where('specialist_user_id', '=', specialistUserId)
    .orderBy('created_at', 'desc')
    .orderBy('result_id', 'desc')
    .limit(limit)
    .execute();
}
