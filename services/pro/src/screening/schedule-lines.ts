import type { Database } from '@psycheos/db';
import type { InstrumentCatalogue } from '@psycheos/screening';
import type { Kysely, Transaction } from 'kysely';
import { caseSchedules, type Schedule, shownSchedules } from '../data/schedules';
import { dayMonth } from '../dates';
import { scheduleTexts } from '../schedule-texts';

/** The instruments' titles in the catalogue's order; an id the deployment lost, as it is. */
export const titlesOf = (catalogue: InstrumentCatalogue, ids: readonly string[]) =>
  [...ids]
    .sort((a, b) => orderOf(catalogue, a) - orderOf(catalogue, b))
    .map((id) => catalogue.find(id)?.title ?? id);

const orderOf = (catalogue: InstrumentCatalogue, id: string) =>
  catalogue.find(id)?.order ?? Number.MAX_SAFE_INTEGER;

/**
 * A schedule as the card shows it. "следующий" is when screen will send next (it keeps
 * next_send_at, inside the client's daytime); before the client agrees, the start the
 * specialist chose; nothing while paused or stopped.
 */
export function scheduleLine(catalogue: InstrumentCatalogue, schedule: Schedule): string {
  const next =
    schedule.status === 'active'
      ? schedule.next_send_at
      : schedule.status === 'awaiting_consent'
        ? schedule.starts_at
        : null;
  return scheduleTexts.line({
    titles: titlesOf(catalogue, schedule.instruments),
    cadenceDays: schedule.cadence_days,
    next: next ? dayMonth(next) : null,
    status: schedule.status,
    stopReason: schedule.stop_reason,
  });
}

/** The case card's lines: its schedules not stopped, or the one stopped last. */
export async function caseScheduleLines(
  db: Kysely<Database> | Transaction<Database>,
  catalogue: InstrumentCatalogue,
  contextId: string,
): Promise<string[]> {
  const shown = shownSchedules(await caseSchedules(db, contextId));
  return shown.map((schedule) => scheduleLine(catalogue, schedule));
}
