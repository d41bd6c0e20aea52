import { CASE_RESULT_KINDS } from '@psycheos/ai';
import type { Database } from '@psycheos/db';
import type { Kysely } from 'kysely';
import { latestScreeningTotals, type ScreeningTotal } from './screening-totals';

/** An earlier result of the case, as offered for context: its title and a short summary. */
export interface EarlierResult {
  title: string;
  version: number;
  createdAt: Date;
  isChecked: boolean;
  summary: string;
  correction: string | null;
}

/** What the case already holds that a conceptualization could use. */
export interface CaseMaterial {
  results: EarlierResult[];
  screening: ScreeningTotal[];
}

/** Enough to orient the model; the full texts stay in pro's «🗂 История». */
const MAX_RESULTS = 5;
const SUMMARY_LENGTH = 400;

const date = (at: Date) => at.toLocaleDateString('ru-RU', { timeZone: 'Europe/Moscow' });

/** A result's summary: the structured one when the tool gave it, else the start of its text. */
function summaryOf(body: string, structured: unknown): string {
  const given =
    typeof structured === 'object' && structured !== null
      ? (structured as Record<string, unknown>).summary
      : undefined;
  const plain = (typeof given === 'string' && given.trim() ? given : body)
    .replace(/[#*_>`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > SUMMARY_LENGTH ? `${plain.slice(0, SUMMARY_LENGTH - 1)}…` : plain;
}

/**
 * The case's earlier AI results (the latest version of each, newest first) and its latest
 * screening totals. Only the case owner's: the session's specialist is its owner.
 */
export async function findCaseMaterial(
  db: Kysely<Database>,
  contextId: string,
  specialistUserId: string,
): Promise<CaseMaterial> {
  const rows = await db
    .selectFrom('ai_results')
    .select([
      'result_id',
      'series_id',
      'title',
      'version',
      'created_at',
      'review',
      'body',
      'structured',
      'correction',
    ])
    .where('context_id', '=', contextId)
    // Only results about this client, from the tools that work on real material: the
    // trainer's practice with a fictional client, or any kind not listed, never enters.
    .where('kind', 'in', CASE_RESULT_KINDS)
    .where('specialist_user_id', '=', specialistUserId)
    .orderBy('created_at', 'desc')
    .orderBy('version', 'desc')
    .limit(50)
    .execute();
  const seenSeries = new Set<string>();
  const results: EarlierResult[] = [];
  for (const row of rows) {
    const series = row.series_id ?? row.result_id;
    if (seenSeries.has(series)) continue;
    seenSeries.add(series);
    results.push({
      title: row.title,
      version: row.version,
      createdAt: row.created_at,
      isChecked: row.review === 'checked',
      summary: summaryOf(row.body, row.structured),
      correction: row.correction,
    });
    if (results.length === MAX_RESULTS) break;
  }
  return { results, screening: await latestScreeningTotals(db, contextId) };
}

export const isEmpty = (material: CaseMaterial): boolean =>
  material.results.length === 0 && material.screening.length === 0;

/**
 * The case's material as one plain text: shown to the specialist as it is, and sent to
 * the model as it is if they agree, so they see exactly what the model will read.
 */
export function caseMaterialText(material: CaseMaterial): string {
  const parts: string[] = [];
  if (material.results.length > 0) {
    // Said to the model and the specialist alike: a model's earlier output is a hypothesis,
    // and a draft was never looked at by the specialist.
    parts.push(
      'Прежние результаты ИИ-инструментов по кейсу (гипотезы модели, не факты о клиенте):',
    );
    for (const result of material.results) {
      const status = result.isChecked
        ? 'проверено специалистом'
        : 'черновик, специалист не проверял';
      const version = result.version > 1 ? `, версия ${result.version}` : '';
      const lines = [
        `• ${result.title}${version} (${date(result.createdAt)}, ${status}): ${result.summary}`,
      ];
      if (result.correction) lines.push(`  Поправка специалиста: ${result.correction}`);
      parts.push(lines.join('\n'));
    }
  }
  if (material.screening.length > 0) {
    parts.push('Последний скрининг клиента:');
    for (const score of material.screening) {
      const band = score.band ? ` (${score.band})` : '';
      parts.push(`• ${score.instrument}: ${score.total}${band}, ${date(score.completedAt)}`);
    }
  }
  return parts.join('\n');
}
