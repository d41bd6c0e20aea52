import { CASE_COLUMNS, type Database } from '@psycheos/db';
import {
  changeOfLatest,
  changeThresholdsOf,
  type InstrumentCatalogue,
  isReliablyWorse,
} from '@psycheos/screening';
import type { Kysely } from 'kysely';
import type { Case } from '../data/cases';
import { type ClientTrail, resultTrails } from '../data/screening-trails';

export interface CaseByChange {
  theCase: Case;
  /**
   * Some client's latest result of some instrument is reliably worse than their baseline
   * or their previous one.
   */
  isReliablyWorse: boolean;
}

/**
 * The specialist's active cases, those whose latest screening result is reliably worse
 * first (the most recent such result first), then the rest newest first, as the usual
 * list. The whole list is read: the thresholds live in the instruments' data files, not
 * in SQL, and a specialist's active cases are counted in tens, not thousands.
 */
export async function casesWorseFirst(
  db: Kysely<Database>,
  catalogue: InstrumentCatalogue,
  specialistUserId: string,
): Promise<CaseByChange[]> {
  const cases = await db
    .selectFrom('contexts')
    .select(CASE_COLUMNS)
    .where('specialist_user_id', '=', specialistUserId)
    .where('status', '=', 'active')
    .orderBy('created_at', 'desc')
    .orderBy('context_id')
    .execute();
  const trails = await resultTrails(db, { contextIds: cases.map((c) => c.context_id) });
  const read = cases.map((theCase) => {
    const ofCase = trails.filter((entry) => entry.contextId === theCase.context_id);
    const worseAt = latestWorse(catalogue, ofCase);
    return { theCase, isReliablyWorse: worseAt !== null, worseAt: worseAt?.getTime() ?? 0 };
  });
  // Array.prototype.sort is stable: cases equally worse, or not worse, keep the usual order.
  read.sort((a, b) => b.worseAt - a.worseAt);
  return read.map(({ theCase, isReliablyWorse }) => ({ theCase, isReliablyWorse }));
}

/** When the case's newest reliably worse latest result was completed; null for none. */
function latestWorse(catalogue: InstrumentCatalogue, trails: readonly ClientTrail[]): Date | null {
  let newest: Date | null = null;
  for (const { instrumentId, trail } of trails) {
    const instrument = catalogue.find(instrumentId);
    if (!instrument) continue;
    if (!isReliablyWorse(changeOfLatest(changeThresholdsOf(instrument), trail))) continue;
    if (!newest || trail.latest.completedAt > newest) newest = trail.latest.completedAt;
  }
  return newest;
}
