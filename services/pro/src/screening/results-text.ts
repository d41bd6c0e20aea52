import type { Database } from '@psycheos/db';
import { type InstrumentCatalogue, scoreRange } from '@psycheos/screening';
import type { Kysely, Transaction } from 'kysely';
import { sessionAnswers, sessionScores } from '../data/screenings';
import { texts } from '../texts';

type Db = Kysely<Database> | Transaction<Database>;

/** "PHQ-9: 12 из 27 — умеренная" (an instrument since removed from the data: its id). */
export function scoreLine(
  catalogue: InstrumentCatalogue,
  score: { instrumentId: string; score: number; bandLabel: string },
): string {
  const instrument = catalogue.find(score.instrumentId);
  if (!instrument) return `${score.instrumentId}: ${score.score} — ${score.bandLabel}`;
  return texts.screeningScoreLine(
    instrument.title,
    score.score,
    scoreRange(instrument).max,
    score.bandLabel,
  );
}

/** Each instrument's total and band, and the crisis items answered above their threshold. */
export async function summaryLines(
  db: Db,
  catalogue: InstrumentCatalogue,
  sessionId: string,
): Promise<string[]> {
  const scores = await sessionScores(db, sessionId);
  const ordered = catalogue
    .ordered(scores.map((s) => s.instrument_id))
    .map((id) => scores.find((s) => s.instrument_id === id));
  const lines = ordered.flatMap((s) =>
    s
      ? [
          scoreLine(catalogue, {
            instrumentId: s.instrument_id,
            score: s.score,
            bandLabel: s.band_label,
          }),
        ]
      : [],
  );
  const answers = await sessionAnswers(db, sessionId);
  for (const answer of answers) {
    const instrument = catalogue.find(answer.instrument_id);
    const crisis = instrument?.items[answer.item_index]?.crisis;
    if (instrument && crisis && answer.value > crisis.above) {
      const label = instrument.options.find((o) => o.value === answer.value)?.label ?? '';
      lines.push(texts.screeningRiskLine(instrument.title, answer.item_index + 1, label));
    }
  }
  lines.push(...(await alertsTheScoresDoNotShow(db, catalogue, sessionId, answers)));
  return lines;
}

/**
 * The session's alerts that its final answers no longer show: an item answered above its
 * threshold and then changed, or crisis words written during the questionnaire. Without
 * these lines a calm summary would contradict the urgent alert the specialist already has.
 */
async function alertsTheScoresDoNotShow(
  db: Db,
  catalogue: InstrumentCatalogue,
  sessionId: string,
  answers: ReadonlyArray<{ instrument_id: string; item_index: number; value: number }>,
): Promise<string[]> {
  const alerts = await db
    .selectFrom('crisis_alerts')
    .select('trigger')
    .where('session_id', '=', sessionId)
    .orderBy('alert_id')
    .execute();
  return alerts.flatMap(({ trigger }) => {
    if (trigger === 'free_text') return [texts.screeningWordsAlertLine];
    const [, instrumentId = '', itemText] = /^(.+)_item(\d+)$/.exec(trigger) ?? [];
    const instrument = catalogue.find(instrumentId);
    const itemIndex = Number(itemText) - 1;
    const crisis = instrument?.items[itemIndex]?.crisis;
    const final = answers.find(
      (a) => a.instrument_id === instrumentId && a.item_index === itemIndex,
    );
    if (!instrument || !crisis || !final || final.value > crisis.above) return [];
    const label = instrument.options.find((o) => o.value === final.value)?.label ?? '';
    return [texts.screeningChangedRiskLine(instrument.title, itemIndex + 1, label)];
  });
}

/** A session's answers item by item: one message per instrument. */
export async function renderAnswers(
  db: Db,
  catalogue: InstrumentCatalogue,
  sessionId: string,
): Promise<string[]> {
  const answers = await sessionAnswers(db, sessionId);
  const scores = await sessionScores(db, sessionId);
  return catalogue.ordered(scores.map((s) => s.instrument_id)).map((id) => {
    const instrument = catalogue.get(id);
    const score = scores.find((s) => s.instrument_id === id);
    const lines = instrument.items.map((item, index) => {
      const value = answers.find((a) => a.instrument_id === id && a.item_index === index)?.value;
      const label = instrument.options.find((o) => o.value === value)?.label ?? '—';
      const isRisk = item.crisis !== undefined && value !== undefined && value > item.crisis.above;
      return texts.screeningAnswerLine(index + 1, item.text, label, value ?? 0, isRisk);
    });
    return texts.screeningAnswersOf(
      instrument.title,
      score?.score ?? 0,
      score?.band_label ?? '',
      lines,
    );
  });
}
